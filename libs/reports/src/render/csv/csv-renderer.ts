import type { ComplianceReportModel, ControlFinding } from '../../model/report-model.js';
import type { TextSink } from '../text-sink.js';

/**
 * The CSV columns. One table with a `record` column so one file (one download, one signature) holds both views:
 * `report` (one row: the overall result), `control` (one row per control × cluster) and `finding` (one row per
 * failing or waived resource). Filter on `record` in a spreadsheet; every row has every column.
 */
export const csvColumns = [
  'record',
  'framework',
  'control_id',
  'control_title',
  'control_status',
  'control_score',
  'cluster_id',
  'cluster_name',
  'coverage_state',
  'status',
  'score',
  'reason',
  'rule_id',
  'severity',
  'finding_status',
  'resource_api_version',
  'resource_kind',
  'resource_namespace',
  'resource_name',
  'container',
  'message',
  'evidence',
  'exposure',
  'exception_id',
  'exception_owner',
  'exception_justification',
  'exception_expires',
  'fingerprint',
] as const;
type CsvColumn = (typeof csvColumns)[number];
type CsvRow = Partial<Record<CsvColumn, string | number | null | undefined>>;

/** CSV (RFC 4180, CRLF, UTF-8): see `csvColumns`. */
export async function renderCsv(model: ComplianceReportModel, out: TextSink): Promise<void> {
  out.write(`${csvColumns.join(',')}\r\n`);
  const framework = model.framework.id;
  out.write(
    csvLine({
      record: 'report',
      framework,
      control_status: model.summary.status,
      control_score: model.summary.score.score,
      reason: `${model.scope.kind}: ${model.scope.description}; as of ${model.asOf}`,
    }),
  );
  const clusters = new Map(model.clusters.map((cluster) => [cluster.clusterId, cluster]));
  for (const control of model.controls) {
    const controlPart = {
      framework,
      control_id: control.controlId,
      control_title: control.title,
      control_status: control.status,
      control_score: control.score.score,
    };
    for (const result of control.clusters) {
      const cluster = clusters.get(result.clusterId);
      out.write(
        csvLine({
          record: 'control',
          ...controlPart,
          cluster_id: result.clusterId,
          cluster_name: cluster?.name,
          coverage_state: cluster?.coverageState,
          status: result.status,
          score: result.score,
          reason: result.reason,
          rule_id: control.rules.map((rule) => rule.ruleId).join(' '),
        }),
      );
      if (out.full) await out.flush();
    }
    const exceptions = new Map(control.exceptions.map((exception) => [exception.exceptionId, exception]));
    for (const finding of control.findings) {
      const cluster = clusters.get(finding.clusterId);
      const exception = finding.exceptionId ? exceptions.get(finding.exceptionId) : undefined;
      out.write(
        csvLine({
          record: 'finding',
          ...controlPart,
          cluster_id: finding.clusterId,
          cluster_name: cluster?.name,
          coverage_state: cluster?.coverageState,
          ...findingPart(finding),
          exception_owner: exception?.owner,
          exception_justification: exception?.justification,
          exception_expires: exception?.expires,
        }),
      );
      if (out.full) await out.flush();
    }
  }
}

function findingPart(finding: ControlFinding): CsvRow {
  return {
    rule_id: finding.ruleId,
    severity: finding.severity,
    finding_status: finding.status,
    resource_api_version: finding.resource.apiVersion,
    resource_kind: finding.resource.kind,
    resource_namespace: finding.resource.namespace,
    resource_name: finding.resource.name,
    container: finding.container,
    message: finding.message,
    evidence: finding.evidence
      .map((item) =>
        item.value === undefined ? item.pointer : `${item.pointer}=${JSON.stringify(item.value)}`,
      )
      .join('; '),
    exposure: finding.exposure,
    exception_id: finding.exceptionId,
    fingerprint: finding.fingerprint,
  };
}

function csvLine(row: CsvRow): string {
  return `${csvColumns.map((column) => csvField(row[column])).join(',')}\r\n`;
}

/** Quotes as RFC 4180 asks; a cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
