import { describe, expect, it } from 'vitest';
import { checkRow, compareToFloor, rowFromValues } from '../src/comparison.js';
import { markdownTable, tableLines } from '../src/report.js';
import type { Measurements } from '../src/sample.js';

const measurements: Measurements = {
  parse: { cold: [{ ms: 100 }, { ms: 120 }, { ms: 90 }], warm: [{ ms: 80 }, { ms: 82 }, { ms: 81 }] },
  evaluate: {
    cold: [{ ms: 260, peakRssMb: 900 }, { ms: 200, peakRssMb: 950 }, { ms: 190, peakRssMb: 920 }],
    warm: [{ ms: 150 }, { ms: 140 }, { ms: 160 }],
  },
};

describe('compareToFloor', () => {
  it('judges the ratio of cold medians, with min/median/max of both sides', () => {
    const row = compareToFloor(measurements, { bench: 'rules', case: 'preset L', floor: 'parse', subject: 'evaluate', maxRatio: 2 });
    expect(row.subjectCold).toEqual({ min: 190, median: 200, max: 260, n: 3 });
    expect(row.ratioCold).toBeCloseTo(2);
    expect(row.ratioWarm).toBeCloseTo(150 / 81);
    expect(row.peakRssMb).toBe(950);
    expect(row.verdict).toBe('PASS');
  });

  it('misses when the cold median is over the target even if warm runs are within it', () => {
    const row = compareToFloor(measurements, { bench: 'rules', case: 'preset L', floor: 'parse', subject: 'evaluate', maxRatio: 1.9 });
    expect(row.ratioWarm).toBeLessThan(1.9);
    expect(row.verdict).toBe('MISS');
    expect(row.target).toMatchObject({ label: 'cold ratio ≤ 1.9', value: 2 });
  });

  it('judges warm medians when told to (a long-running server)', () => {
    const row = compareToFloor(measurements, { bench: 'api', case: 'x', floor: 'parse', subject: 'evaluate', maxRatio: 1.9, on: 'warm' });
    expect(row.verdict).toBe('PASS');
  });

  it('compares peak RSS when asked to', () => {
    const row = compareToFloor(
      { main: { cold: [{ ms: 1, peakRssMb: 1000 }, { ms: 1, peakRssMb: 1100 }, { ms: 1, peakRssMb: 1050 }], warm: [] }, pool: { cold: [{ ms: 1, peakRssMb: 1200 }, { ms: 1, peakRssMb: 1150 }, { ms: 1, peakRssMb: 1300 }], warm: [] } },
      { bench: 'scan-memory', case: 'L', floor: 'main', subject: 'pool', metric: 'peakRssMb', maxRatio: 1.15 },
    );
    expect(row.unit).toBe('peak RSS MB');
    expect(row.ratioCold).toBeCloseTo(1200 / 1050);
    expect(row.target?.label).toBe('cold peak RSS MB ratio ≤ 1.15');
    expect(row.verdict).toBe('PASS');
  });

  it('names a missing series', () => {
    expect(() => compareToFloor(measurements, { bench: 'b', case: 'c', floor: 'parse', subject: 'nope' })).toThrow(/nope/);
  });
});

describe('rows and the table', () => {
  it('prints every row in one aligned format with its verdict', () => {
    const rows = [
      compareToFloor(measurements, { bench: 'rules', case: 'preset L', floor: 'parse', subject: 'evaluate', maxRatio: 2 }),
      checkRow({ bench: 'reports', case: 'pdf', subject: 'peak RSS', unit: 'MB', value: 600, max: 512 }),
      rowFromValues({ bench: 'api', case: 'findings', subject: 'API p99', floor: 'SQL p99', unit: 'ms', subjectValues: [9, 12, 30], floorValues: [3, 4, 5], maxRatio: 3 }),
    ];
    expect(rows.map((row) => row.verdict)).toEqual(['PASS', 'MISS', 'PASS']);
    const lines = tableLines(rows, { withBench: true });
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^rules\s+preset L\s+evaluate\s+parse\s+ms\s+200 \[190–260\]\s+100 \[90.0–120\]/);
    expect(lines[1]).toMatch(/2\.00×.*cold ratio ≤ 2 \(2\.00\)\s+PASS$/);
    expect(lines[2]).toMatch(/MB ≤ 512 \(600\)\s+MISS$/);
    expect(lines[3]).toMatch(/3\.00×.*PASS$/);
    const verdictColumn = lines[0]!.indexOf('verdict');
    for (const line of lines.slice(1)) expect(line.slice(verdictColumn)).toMatch(/^(PASS|MISS|info)$/);
    const markdown = markdownTable(rows);
    expect(markdown[1]).toMatch(/^\| --- \|/);
    expect(markdown[3]).toMatch(/^\| pdf \| peak RSS \| – \| MB \| 600 .*\| MISS \|$/);
  });
});
