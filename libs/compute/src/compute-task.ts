import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A unit of CPU-bound work the pool can run: a built ES module (`file`) whose export `exportName` takes the input and
 * returns the output (or a promise of it). The input and output cross the thread boundary by structured clone, so keep
 * them flat: strings, numbers, byte arrays (listed in `transfer` to move instead of copy), not big object graphs.
 */
export interface ComputeTask<Input, Output> {
  /** Shown in errors and logs, e.g. `scan-evaluation`. */
  readonly name: string;
  /** Absolute path of the built `.js` module the thread loads. */
  readonly file: string;
  readonly exportName: string;
  /** Phantom fields: carry the input and output types; never set. */
  readonly __input?: Input;
  readonly __output?: Output;
}

/**
 * Declares a task whose module sits next to the caller: `defineComputeTask('scan-evaluation', import.meta.url,
 * './scan-evaluation.task.js')`. Threads run plain Node, so the module must be built JavaScript: when the caller itself
 * runs from TypeScript sources (tests), the path is taken from the package's `dist` folder instead of `src`.
 */
export function defineComputeTask<Input, Output>(
  name: string,
  callerUrl: string,
  relativeFile: string,
  exportName = 'default',
): ComputeTask<Input, Output> {
  return { name, file: builtModulePath(callerUrl, relativeFile), exportName };
}

/** The built-JavaScript path of `relativeFile` next to `callerUrl`, mapping a source folder `src/` to `dist/`. */
export function builtModulePath(callerUrl: string, relativeFile: string): string {
  const path = fileURLToPath(new URL(relativeFile, callerUrl));
  if (!fileURLToPath(callerUrl).endsWith('.ts')) return path;
  const marker = `${sep}src${sep}`;
  const at = path.lastIndexOf(marker);
  return at === -1 ? path : `${path.slice(0, at)}${sep}dist${sep}${path.slice(at + marker.length)}`;
}

/** Thrown before a task starts when its module was never built. */
export class ComputeTaskMissingError extends Error {
  constructor(task: ComputeTask<unknown, unknown>) {
    super(`compute task "${task.name}": ${task.file} does not exist; run \`npm run build\` first`);
    this.name = 'ComputeTaskMissingError';
  }
}

export function assertTaskBuilt(task: ComputeTask<unknown, unknown>): void {
  if (!existsSync(task.file)) throw new ComputeTaskMissingError(task);
}
