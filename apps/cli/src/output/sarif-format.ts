import type { Severity } from '@meshguard/rules';
import {
  sarifResult,
  sarifRule,
  sarifSchemaUri,
  sarifVersion,
  type SarifSourceLocation,
} from '@meshguard/reports';
import { toolInfo } from '../tool-info.js';
import type { JsonReport, ReportedFinding } from './json-report.js';

export interface SarifOptions {
  ruleHelp: (id: string) => { rationale: string; remediation: string; example?: string };
  /** For manifest scans: the file and line of a finding's resource. Without one, the location is logical only. */
  locate?: (finding: ReportedFinding) => SarifSourceLocation | undefined;
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: rules with Markdown help and security-severity, results with
 * partialFingerprints, a file/line location for manifests and a logical location (the resource) for live clusters.
 * Rules and results are written by the same SARIF parts as the compliance report's SARIF (@meshguard/reports).
 */
export function formatSarif(report: JsonReport, options: SarifOptions): string {
  const index = new Map(report.rules.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: sarifSchemaUri,
    version: sarifVersion,
    runs: [
      {
        tool: {
          driver: {
            name: toolInfo.name,
            version: toolInfo.version,
            semanticVersion: toolInfo.version,
            informationUri: toolInfo.informationUri,
            rules: report.rules.map((rule) =>
              sarifRule({
                id: rule.id,
                title: rule.title,
                severity: rule.severity as Severity,
                area: rule.area,
                ...options.ruleHelp(rule.id),
                frameworks: rule.frameworks.map((control) => `${control.framework}:${control.control}`),
              }),
            ),
          },
        },
        ...(report.source.type === 'manifests'
          ? { originalUriBaseIds: { '%SRCROOT%': { description: { text: 'the folder meshguard ran in' } } } }
          : {}),
        results: report.findings.map((finding) => {
          const source = options.locate?.(finding);
          return sarifResult(finding, index.get(finding.ruleId) ?? 0, {
            ...(source ? { source } : {}),
            ...(finding.baseline ? { baselineState: finding.baseline === 'new' ? 'new' : 'unchanged' } : {}),
          });
        }),
        properties: {
          summary: report.summary,
          ...(report.baseline
            ? { baseline: { file: report.baseline.file, resolved: report.baseline.resolved.length } }
            : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
