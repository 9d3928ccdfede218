import { ConfigError, loadConfig, type MeshguardConfig } from '@meshguard/config';

/**
 * Runs a process entry point: validates configuration first (a ConfigError prints what to fix and exits 1),
 * and turns any start-up failure into one clear line on stderr and exit code 1.
 */
export function runMain(name: string, main: (config: MeshguardConfig) => Promise<void>): void {
  let config: MeshguardConfig;
  try {
    // The one place a process hands its environment to the validated config.
    // eslint-disable-next-line no-restricted-syntax
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  main(config).catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

/** Calls `stop` once on the first SIGTERM or SIGINT, then exits; a second signal exits at once. */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown incomplete: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
