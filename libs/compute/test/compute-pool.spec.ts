import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtModulePath, withoutResolveConditions, ComputePool, ComputeTaskMissingError, defineComputeTask, ThreadCrashError, type ComputeTask } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/sample.task.mjs', import.meta.url));
const task = <I, O>(exportName: string): ComputeTask<I, O> => ({ name: `sample-${exportName}`, file: fixture, exportName });
const sumBytes = task<{ bytes: Uint8Array }, { sum: number; length: number; threadId: number }>('default');
const spin = task<{ ms: number }, { turns: number; threadId: number }>('spin');
const exhaustMemory = task<null, never>('exhaustMemory');
const fail = task<{ why: string }, never>('fail');
const exitThread = task<null, never>('exitThread');

const pools: ComputePool[] = [];
function pool(options: ConstructorParameters<typeof ComputePool>[0]): ComputePool {
  const created = new ComputePool(options);
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((created) => created.destroy()));
});

describe('ComputePool', () => {
  it('runs a task on another thread and moves transferred buffers instead of copying them', async () => {
    const threads = pool({ threads: 1 });
    const bytes = new Uint8Array(1_000_000).fill(2);
    const result = await threads.run(sumBytes, { bytes }, { transfer: [bytes.buffer] });
    expect(result).toMatchObject({ sum: 2_000_000, length: 1_000_000 });
    expect(result.threadId).toBeGreaterThan(0);
    // Moved, not copied: the sender's view is detached.
    expect(bytes.byteLength).toBe(0);
  });

  it('keeps the main event loop turning while a thread is busy', async () => {
    const threads = pool({ threads: 1 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await threads.run(spin, { ms: 600 });
    } finally {
      clearInterval(timer);
    }
    // A blocked loop would see no tick at all until the spin ended.
    expect(ticks).toBeGreaterThan(5);
  });

  it('runs one task per thread at a time: the rest wait their turn', async () => {
    const threads = pool({ threads: 1 });
    const results = await Promise.all([threads.run(spin, { ms: 50 }), threads.run(spin, { ms: 50 }), threads.run(spin, { ms: 50 })]);
    expect(new Set(results.map((result) => result.threadId)).size).toBe(1);
  });

  it("passes a task's own error through unchanged", async () => {
    const threads = pool({ threads: 1 });
    const error = await threads.run(fail, { why: 'bad input' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ThreadCrashError);
    expect((error as Error).message).toBe('task refused: bad input');
  });

  it('fails only the task whose thread runs out of memory, replaces the thread and keeps the process alive', async () => {
    const threadErrors: Error[] = [];
    const threads = pool({ threads: 1, maxHeapMb: 32, onThreadError: (error) => threadErrors.push(error) });
    const error = await threads.run(exhaustMemory, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThreadCrashError);
    expect((error as ThreadCrashError).outOfMemory).toBe(true);
    expect((error as Error).message).toBe('the sample-exhaustMemory thread ran out of memory (its heap limit is 32 MB) and was replaced');
    // The pool still works: a new thread takes the next task.
    const next = await threads.run(sumBytes, { bytes: new Uint8Array([1, 2, 3]) });
    expect(next.sum).toBe(6);
  });

  it('fails only the task whose thread exits, then serves the next one', async () => {
    const threads = pool({ threads: 1 });
    const error = await threads.run(exitThread, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThreadCrashError);
    expect((error as Error).message).toMatch(/^the sample-exitThread thread crashed \(worker exited with code: 3\)/);
    expect((await threads.run(sumBytes, { bytes: new Uint8Array([4]) })).sum).toBe(4);
  });

  it('refuses a task whose module was never built, naming the file and the fix', async () => {
    const threads = pool({ threads: 1 });
    const missing = defineComputeTask<null, null>('missing', import.meta.url, './fixtures/not-built.task.js');
    await expect(threads.run(missing, null)).rejects.toThrow(ComputeTaskMissingError);
    await expect(threads.run(missing, null)).rejects.toThrow(/not-built\.task\.js does not exist; run `npm run build` first/);
  });
});

describe('builtModulePath', () => {
  it('maps a module next to TypeScript sources to the built dist folder', () => {
    expect(builtModulePath('file:///repo/apps/worker/src/scans/scan-pipeline.ts', './scan-evaluation.task.js')).toBe(
      '/repo/apps/worker/dist/scans/scan-evaluation.task.js',
    );
  });

  it('keeps the path of a module next to built JavaScript', () => {
    expect(builtModulePath('file:///repo/apps/worker/dist/scans/scan-pipeline.js', './scan-evaluation.task.js')).toBe(
      '/repo/apps/worker/dist/scans/scan-evaluation.task.js',
    );
  });
});

describe('withoutResolveConditions', () => {
  it('drops custom resolve conditions, so a thread resolves packages to their built files', () => {
    expect(withoutResolveConditions(['--require', 'x.cjs', '--conditions', '@meshguard/source', '-C', 'development', '--conditions=node', '--max-old-space-size=512'])).toEqual([
      '--require',
      'x.cjs',
      '--max-old-space-size=512',
    ]);
  });
});
