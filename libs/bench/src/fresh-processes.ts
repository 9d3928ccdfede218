import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mergeMeasurements, type Measurements } from './sample.js';

const childFlag = '--bench-child';
const processFlag = '--bench-process=';
const resultPrefix = '@@bench ';

/** True in a process started by `inFreshProcesses`. */
export function isBenchChild(): boolean {
  return process.argv.includes(childFlag);
}

/** The arguments a bench script was given, without the flags `inFreshProcesses` adds. */
export function benchArgs(): string[] {
  return process.argv.slice(2).filter((arg) => arg !== childFlag && !arg.startsWith(processFlag));
}

/** Which of the fresh processes this is (0, 1, 2, …); 0 outside `inFreshProcesses`. */
export function benchProcessIndex(): number {
  return Number(process.argv.find((arg) => arg.startsWith(processFlag))?.slice(processFlag.length) ?? 0);
}

/** Sends a child's measurements (and anything else the parent needs, e.g. counts) to the parent. */
export function reportToParent(measurements: Measurements, extra: unknown = null): void {
  process.stdout.write(`\n${resultPrefix}${JSON.stringify({ measurements, extra })}\n`);
}

export interface FreshProcessesOptions {
  /** How many fresh processes, one after another (default 3): each gives one cold run per case. */
  readonly processes?: number;
  readonly args?: readonly string[];
  /** Extra node flags; --expose-gc is always added. */
  readonly nodeArgs?: readonly string[];
}

export interface FreshProcessesResult<E> {
  readonly measurements: Measurements;
  /** Each child's `extra`, in order. */
  readonly extras: E[];
}

/**
 * Runs `script` (usually the bench itself, `import.meta.url`) in fresh node processes one after another, with
 * --expose-gc, and merges what each reported with `reportToParent`. A cold run is a case's first run in a process,
 * the one a CLI user gets, so cold figures need a process each.
 */
export async function inFreshProcesses<E = unknown>(
  script: string | URL,
  options: FreshProcessesOptions = {},
): Promise<FreshProcessesResult<E>> {
  const path = script instanceof URL || script.startsWith('file:') ? fileURLToPath(script) : script;
  const measurements: Measurements = {};
  const extras: E[] = [];
  for (let index = 0; index < (options.processes ?? 3); index++) {
    const output = await runChild([...(options.nodeArgs ?? []), '--expose-gc', path, ...(options.args ?? []), `${processFlag}${index}`, childFlag]);
    const line = output.split('\n').findLast((entry) => entry.startsWith(resultPrefix));
    if (!line) throw new Error(`bench child ${path} printed no result`);
    const parsed = JSON.parse(line.slice(resultPrefix.length)) as { measurements: Measurements; extra: E };
    mergeMeasurements(measurements, parsed.measurements);
    extras.push(parsed.extra);
  }
  return { measurements, extras };
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`bench child exited ${code}: ${stdout.slice(-2000)}`)),
    );
  });
}
