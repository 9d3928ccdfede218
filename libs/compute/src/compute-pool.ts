import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { assertTaskBuilt, type ComputeTask } from './compute-task.js';
import { ThreadCrashError, isThreadCrash } from './thread-crash.error.js';

export interface ComputePoolOptions {
  /** Threads at most (default: cores - 1, at least 1). Each runs one task at a time. */
  threads?: number;
  /** Heap limit of each thread in MB (V8 old generation); a task that needs more fails alone. Default: Node's. */
  maxHeapMb?: number;
  /** How long an idle thread lives before it exits, so an idle process holds no thread memory (default 30 s). */
  idleTimeoutMs?: number;
  /** Told about a thread that died outside any task (e.g. out of memory while starting); the pool replaces it. */
  onThreadError?: (error: Error) => void;
}

export interface ComputeRunOptions {
  /** Buffers to move to the thread instead of copying; they are unusable in this thread afterwards. */
  transfer?: ArrayBuffer[];
  /** Aborts the task: before it starts it is dropped; a running one has its thread terminated (and replaced). */
  signal?: AbortSignal;
}

/** Default thread count: every core but one, so the main thread (HTTP, lock renewals) always has a core to itself. */
export function defaultThreadCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Threads inherit the process's flags, unless it sets resolve conditions (see withoutResolveConditions). */
function threadExecArgv(execArgv: readonly string[]): { execArgv?: string[] } {
  const kept = withoutResolveConditions(execArgv);
  // Heap flags are process-wide: a thread given them explicitly refuses to start (its limit is resourceLimits).
  return kept.length === execArgv.length ? {} : { execArgv: kept.filter((flag) => !/^--(max-|expose-gc)/.test(flag)) };
}

/**
 * The process's flags minus custom resolve conditions: a thread runs built JavaScript, so its imports must resolve to
 * each package's built files even when the process itself runs from sources (Vitest adds `--conditions`).
 */
export function withoutResolveConditions(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const flag = execArgv[index]!;
    if (flag === '--conditions' || flag === '-C') index++;
    else if (!flag.startsWith('--conditions=')) kept.push(flag);
  }
  return kept;
}

/**
 * A small pool of worker threads for CPU-bound work (scan evaluation, report rendering), so the main thread's event
 * loop keeps serving HTTP and renewing job locks. Tasks queue when every thread is busy. A thread that crashes (out of
 * memory, a native error, process.exit) fails only its task with a ThreadCrashError and is replaced; it never takes the
 * process down.
 */
export class ComputePool {
  private readonly piscina: Piscina;
  readonly threads: number;
  readonly maxHeapMb: number | undefined;

  constructor(options: ComputePoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? defaultThreadCount());
    this.maxHeapMb = options.maxHeapMb;
    this.piscina = new Piscina({
      // No thread until the first task: an idle process pays no thread's start-up or heap.
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      concurrentTasksPerWorker: 1,
      ...threadExecArgv(process.execArgv),
      ...(this.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } } : {}),
    });
    // Piscina emits errors it cannot pin on a task (a replacement thread failing as it starts); an unheard 'error'
    // event would throw and end the process.
    this.piscina.on('error', (error: Error) => options.onThreadError?.(error));
  }

  /** Runs `task` with `input` on a free thread (queued until one is) and resolves with its output. */
  async run<Input, Output>(task: ComputeTask<Input, Output>, input: Input, options: ComputeRunOptions = {}): Promise<Output> {
    assertTaskBuilt(task);
    try {
      return (await this.piscina.run(input, {
        filename: task.file,
        name: task.exportName,
        ...(options.transfer ? { transferList: options.transfer } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) as Output;
    } catch (error) {
      if (isThreadCrash(error)) throw new ThreadCrashError(task.name, error, this.maxHeapMb);
      throw error;
    }
  }

  /** Waits for running tasks, then ends every thread. */
  async close(): Promise<void> {
    await this.piscina.close();
  }

  /** Ends every thread now; running tasks fail. */
  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
