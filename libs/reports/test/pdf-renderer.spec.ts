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

  it('lists a resource failing identically on several clusters once, naming the clusters', async () => {
    const text = pdfText(await renderToBuffer(model, 'pdf')).replace(/\s+/g, ' ');
    // prod and partial are scans of the same manifests: the privileged web container fails on both.
    expect(text).toMatch(
      /on 2 clusters \(prod-name, partial-name\): Deployment\/shop\/web \[web\] — container-privileged/,
    );
  });

  it('keeps names in any script: a cluster named clúster-東京 and a Cyrillic scope are extracted as written', async () => {
    const input = fleetInput();
    const [first, ...rest] = input.clusters;
    const unicode = buildReportModel({
      ...input,
      scope: { kind: 'selector', description: 'команда=платежи' },
      clusters: [{ ...first!, name: 'clúster-東京' }, ...rest],
    });
    const text = pdfText(await renderToBuffer(unicode, 'pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('clúster-東京');
    expect(text).toContain('Scope: selector — команда=платежи');
    // Latin text around it is still there, in Helvetica.
    expect(text).toContain('CIS Kubernetes Benchmark 1.10.0');
    // A report without such text embeds no font file.
    const latin = await renderToBuffer(model, 'pdf');
    expect(latin.includes('FontFile2')).toBe(false);
  });

  it('gives the same bytes for the same model (a fixed creation date)', async () => {
    expect((await renderToBuffer(model, 'pdf')).equals(await renderToBuffer(model, 'pdf'))).toBe(true);
  });
});
