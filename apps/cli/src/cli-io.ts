/** Where the CLI writes; injected so tests run commands in-process and read what they printed. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours, widths). */
  isTty: boolean;
  /** Current directory relative paths resolve against. */
  cwd: string;
  /** The environment (KUBECONFIG, HOME, MESHGUARD_UNTRUSTED_KUBECONFIG; inherited by exec credential plugins). */
  env?: NodeJS.ProcessEnv;
  /** Whether standard input is a terminal (exec credential plugins may then prompt on it). */
  stdinIsTty?: boolean;
  /** Where progress is drawn (stderr), when it is a terminal; absent in tests and pipes. */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Standard input's bytes as they arrive (`scan -`). */
  readStdin?: () => AsyncIterable<Uint8Array>;
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage. */
export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;

/** An error that should end the command with a message on stderr and the given exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
