/**
 * A thread died under a task (out of memory, a native crash, process.exit in task code). The task's own exceptions
 * are not crashes: they reach the caller as thrown.
 */
export class ThreadCrashError extends Error {
  readonly outOfMemory: boolean;

  constructor(taskName: string, cause: Error, maxHeapMb: number | undefined) {
    const outOfMemory = (cause as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    super(
      outOfMemory
        ? `the ${taskName} thread ran out of memory${maxHeapMb ? ` (its heap limit is ${maxHeapMb} MB)` : ''} and was replaced`
        : `the ${taskName} thread crashed (${cause.message}) and was replaced`,
      { cause },
    );
    this.name = 'ThreadCrashError';
    this.outOfMemory = outOfMemory;
  }
}

/** True for the errors worker_threads and the pool raise when a thread itself fails, not the task's code. */
export function isThreadCrash(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (
    code === 'ERR_WORKER_OUT_OF_MEMORY' ||
    code === 'ERR_WORKER_INIT_FAILED' ||
    /^(worker exited with code|terminating worker thread)/i.test(error.message)
  );
}
