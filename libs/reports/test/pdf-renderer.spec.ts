import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../src/index.js';
import { pdfText } from './parse-formats.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';

describe('PDF renderer', () => {
  const model = buildReportModel(fleetInput());

  it('writes a PDF whose text pdftotext can extract (selectable text, not images)', async () => {
    const bytes = await renderToBuffer(model, 'pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Lines wrap where the page ends; compare with whitespace collapsed.
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    expect(text).toContain('CIS Kubernetes Benchmark 1.10.0');
    expect(text).toContain('Scope: fleet');
    expect(text).toContain('TLS handshake failed');
    expect(text).toContain('the worker loads a kernel module until ticket OPS-42 lands');
    expect(text).toMatch(/page 2/);
  });

  it('gives the same bytes for the same model (a fixed creation date)', async () => {
    expect((await renderToBuffer(model, 'pdf')).equals(await renderToBuffer(model, 'pdf'))).toBe(true);
  });
});
