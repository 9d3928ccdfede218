import { describe, expect, it } from 'vitest';
import { inChunks, jsonPieces } from './json-pieces.js';

const samples: unknown[] = [
  {
    tool: { name: 'meshguard', version: '1' },
    findings: [
      { id: 'a', evidence: [{ path: 'x', value: 'line\nbreak "quoted"' }], nothing: undefined },
      { id: 'b', at: new Date('2026-12-07T00:00:00Z'), fn: () => 1, nested: { deep: [[1, [2, [3]]]] } },
    ],
    empty: { list: [], map: {} },
    sparse: [undefined, null, 0, false, '', () => 1],
    unicode: 'clúster-東京 \u2028',
  },
  [],
  {},
  'text',
  42,
  null,
];

describe('jsonPieces', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, at every depth', () => {
    for (const value of samples)
      for (const depth of [0, 1, 2, 3, 6])
        expect([...jsonPieces(value, depth)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('hands a large array over in many pieces, and joins them into chunks of about the asked size', () => {
    const report = {
      findings: Array.from({ length: 10_000 }, (_, index) => ({ id: index, message: 'm'.repeat(50) })),
    };
    const pieces = [...jsonPieces(report)];
    expect(pieces.length).toBeGreaterThan(10_000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200);
    const chunks = [...inChunks(pieces, 4096)];
    expect(chunks.join('')).toBe(JSON.stringify(report, null, 2));
    expect(chunks.slice(0, -1).every((chunk) => chunk.length >= 4096 && chunk.length < 4096 + 200)).toBe(
      true,
    );
  });
});
