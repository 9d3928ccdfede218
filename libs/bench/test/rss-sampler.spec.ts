import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { timedProcess } from '../src/process-run.js';
import { startRssSampler } from '../src/rss-sampler.js';

const allocate = fileURLToPath(new URL('fixtures/allocate.mjs', import.meta.url));

describe('startRssSampler', () => {
  it('sees a peak reached and released inside one synchronous call', async () => {
    const sampler = startRssSampler();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      sampler.reset();
      const before = sampler.currentMb() || sampler.peakMb();
      // The block lives only inside this synchronous call: the event loop never runs while it exists.
      (() => {
        const block = Buffer.allocUnsafe(150 * 1024 * 1024).fill(1);
        const until = Date.now() + 100;
        let sum = 0;
        while (Date.now() < until) sum += block[Math.floor(Math.random() * block.length)] ?? 0;
        return sum;
      })();
      expect(sampler.peakMb() - before).toBeGreaterThan(120);
    } finally {
      await sampler.stop();
    }
  });

  it('starts a new window on reset, so an earlier peak does not count', async () => {
    const sampler = startRssSampler();
    try {
      let block: Buffer | undefined = Buffer.allocUnsafe(150 * 1024 * 1024).fill(1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const withBlock = sampler.peakMb();
      block = undefined;
      (globalThis as { gc?: () => void }).gc?.();
      // Buffers over the mmap threshold go back to the kernel when freed; wait for the release to show.
      await new Promise((resolve) => setTimeout(resolve, 100));
      sampler.reset();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(block).toBeUndefined();
      expect(sampler.peakMb()).toBeLessThan(withBlock - 100);
    } finally {
      await sampler.stop();
    }
  });
});

describe('timedProcess', () => {
  it("measures another process's wall time and its peak RSS", async () => {
    const run = await timedProcess(process.execPath, [allocate, '200']);
    expect(run.ms).toBeGreaterThanOrEqual(200);
    expect(run.peakRssMb).toBeGreaterThan(200);
  });

  it("rejects with the command's stderr when it fails", async () => {
    await expect(timedProcess(process.execPath, ['-e', 'console.error("no such cluster"); process.exit(3)'])).rejects.toThrow(
      /exited 3: no such cluster/,
    );
  });
});
