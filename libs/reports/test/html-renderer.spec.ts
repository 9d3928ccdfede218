import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportInput } from '../src/index.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput, measuredCluster } from './report-fixtures.js';

describe('HTML renderer', () => {
  const model = buildReportModel(fleetInput());

  it('is self-contained: inline SVG charts and styles, a print stylesheet, no script and nothing fetched', async () => {
    const html = (await renderToBuffer(model, 'html')).toString('utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|<link |<img |src=|url\(/i);
    expect(html).toContain('</html>');
  });

  it('shows coverage issues, exceptions and evidence an auditor needs', async () => {
    const html = (await renderToBuffer(model, 'html')).toString('utf8');
    expect(html).toContain('id="coverage-issues"');
    expect(html).toContain('TLS handshake failed');
    expect(html).toContain('the worker loads a kernel module until ticket OPS-42 lands');
    expect(html).toContain('platform-team');
    expect(html).toContain('/spec/template/spec/containers/0/securityContext/privileged');
  });

  it('escapes text from clusters and findings', async () => {
    const cluster = { ...measuredCluster('x'), name: '<script>alert(1)</script>' };
    const input: ReportInput = { ...fleetInput(), clusters: [cluster] };
    const html = (await renderToBuffer(buildReportModel(input), 'html')).toString('utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });
});
