import { describe, expect, it } from 'vitest';
import { buildReportModel, csvColumns } from '../src/index.js';
import { csvField } from '../src/render/csv/csv-renderer.js';
import { parseCsv } from './parse-formats.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';

describe('CSV renderer', () => {
  const model = buildReportModel(fleetInput());

  it('writes one table: a report row, a row per control × cluster and a row per failing or waived resource', async () => {
    const rows = parseCsv(await renderToBuffer(model, 'csv'));
    expect(Object.keys(rows[0]!)).toEqual([...csvColumns]);
    expect(rows.filter((row) => row.record === 'report')).toHaveLength(1);
    expect(rows.filter((row) => row.record === 'control')).toHaveLength(
      model.controls.length * model.clusters.length,
    );
    const findings = rows.filter((row) => row.record === 'finding');
    expect(findings).toHaveLength(model.controls.reduce((sum, control) => sum + control.findings.length, 0));
    const waived = findings.find((row) => row.exception_id === 'worker-privileged')!;
    expect(waived).toMatchObject({
      finding_status: 'excepted',
      exception_owner: 'platform-team',
      exception_expires: '2027-06-30',
      resource_name: 'worker',
    });
    expect(waived.exception_justification).toContain('OPS-42');
  });

  it('quotes commas, quotes and newlines, and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(71.5)).toBe('71.5');
    expect(csvField(null)).toBe('');
  });
});
