import { describe, expect, it } from 'vitest';
import { inFreshProcesses } from '../src/fresh-processes.js';

describe('inFreshProcesses', () => {
  it('runs the bench in fresh processes with gc exposed and merges one cold run per process', async () => {
    const { measurements, extras } = await inFreshProcesses<{ pid: number; gc: string; args: string[]; order: string[] }>(
      new URL('fixtures/parse-bench.mjs', import.meta.url),
      { processes: 3, args: ['L'] },
    );
    expect(new Set(extras.map((extra) => extra.pid)).size).toBe(3);
    extras.forEach((extra, index) => {
      expect(extra.gc).toBe('function');
      expect(extra.args).toEqual(['L', `--bench-process=${index}`, '--bench-child']);
      // Every other process runs the subject first, so cold runs alternate too.
      expect(extra.order.slice(0, 2)).toEqual(index % 2 ? ['clone', 'parse'] : ['parse', 'clone']);
    });
    expect(measurements['parse']!.cold).toHaveLength(3);
    expect(measurements['parse']!.warm).toHaveLength(6);
    expect(measurements['clone']!.cold).toHaveLength(3);
    expect(measurements['clone']!.cold[0]!.detail).toEqual({ items: 20_000 });
    expect(measurements['clone']!.cold[0]!.peakRssMb).toBeGreaterThan(10);
  });

  it('fails loudly when a child crashes', async () => {
    await expect(inFreshProcesses(new URL('fixtures/allocate.mjs', import.meta.url), { args: ['1'] })).rejects.toThrow(/printed no result/);
  });
});
