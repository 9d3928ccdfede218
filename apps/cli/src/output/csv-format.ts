import type { JsonReport } from './json-report.js';

const columns = [
  'ruleId',
  'severity',
  'status',
  'area',
  'apiVersion',
  'kind',
  'namespace',
  'name',
  'container',
  'message',
  'fingerprint',
  'exposure',
  'exception',
] as const;

/** RFC 4180 CSV quoting; cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per finding (all statuses), with a header row; with --baseline, a last `baseline` column (new/existing). */
export function* formatCsv(report: JsonReport): Generator<string, void, undefined> {
  const header = report.baseline ? [...columns, 'baseline'] : [...columns];
  yield `${header.join(',')}\r\n`;
  for (const finding of report.findings)
    yield `${[
      finding.ruleId,
      finding.severity,
      finding.status,
      finding.area,
      finding.resource.apiVersion,
      finding.resource.kind,
      finding.resource.namespace ?? '',
      finding.resource.name,
      finding.container ?? '',
      finding.message,
      finding.fingerprint,
      finding.exposure ?? '',
      finding.exception?.id ?? '',
      ...(report.baseline ? [finding.baseline ?? ''] : []),
    ]
      .map(cell)
      .join(',')}\r\n`;
}
