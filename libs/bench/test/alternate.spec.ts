import { describe, expect, it } from 'vitest';
import { alternate } from '../src/alternate.js';

// Spins until `ms` have passed and this process has used `ms` of CPU: on a loaded machine wall time alone does not
// guarantee CPU time, and the process's other threads (GC, the RSS sampler) can make CPU time outrun wall time.
const busyCpu = (ms: number) => {
  const start = process.cpuUsage();
  const started = performance.now();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms && performance.now() - started >= ms) return;
  }
};

describe('alternate', () => {
  it('alternates floor and subject, one cold round then warm ones', async () => {
    const order: string[] = [];
    const measurements = await alternate(
      { name: 'floor', run: () => order.push('floor') },
      [{ name: 'subject', run: () => order.push('subject') }],
      { rounds: 4, rss: false },
    );
    expect(order).toEqual(['floor', 'subject', 'subject', 'floor', 'floor', 'subject', 'subject', 'floor']);
    expect(measurements['floor']!.cold).toHaveLength(1);
    expect(measurements['floor']!.warm).toHaveLength(3);
    expect(measurements['subject']!.warm).toHaveLength(3);
  });

  it('prepares outside the timed region, keeps only the detail and samples RSS', async () => {
    const measurements = await alternate(
      { name: 'floor', prepare: () => new Promise((resolve) => setTimeout(resolve, 500)), run: () => 1 },
      [{ name: 'subject', prepare: () => 'input', run: (input: string) => { busyCpu(20); return { input, rows: [1, 2, 3] }; }, detail: (r: { rows: number[] }) => ({ rows: r.rows.length }) }],
      { rounds: 3 },
    );
    const floorRuns = [...measurements['floor']!.cold, ...measurements['floor']!.warm];
    // A no-op run: even on a loaded machine far below the 500 ms its preparation waited.
    for (const run of floorRuns) expect(run.ms).toBeLessThan(400);
    const subject = measurements['subject']!.cold[0]!;
    expect(subject.ms).toBeGreaterThanOrEqual(20);
    expect(subject.detail).toEqual({ rows: 3 });
    expect(subject.peakRssMb).toBeGreaterThan(10);
    expect(subject.cpuMs).toBeGreaterThanOrEqual(20);
  });
});
