import type { Severity } from '@meshguard/rules';
import { sarifResult, sarifRule, sarifSchemaUri, sarifVersion } from '@meshguard/reports';
import { toolInfo } from '../tool-info.js';
import type { JsonReport } from './json-report.js';

/**
 * SARIF 2.1.0: one run, rules as reportingDescriptors, findings as results located by resource. Rules and results
 * are written by the same SARIF parts as the compliance report's SARIF (@meshguard/reports).
 */
export function formatSarif(
  report: JsonReport,
  ruleHelp: (id: string) => { rationale: string; remediation: string },
): string {
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
            informationUri: toolInfo.informationUri,
            rules: report.rules.map((rule) =>
              sarifRule({
                id: rule.id,
                title: rule.title,
                severity: rule.severity as Severity,
                area: rule.area,
                ...ruleHelp(rule.id),
                frameworks: rule.frameworks.map((control) => `${control.framework}:${control.control}`),
              }),
            ),
          },
        },
        results: report.findings.map((finding) => sarifResult(finding, index.get(finding.ruleId) ?? 0)),
        properties: { summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
