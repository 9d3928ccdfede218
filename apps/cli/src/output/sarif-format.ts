import type { Severity } from '@meshguard/rules';
import { toolInfo } from '../tool-info.js';
import type { JsonReport, ReportedFinding } from './json-report.js';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
// GitHub code scanning maps security-severity to its levels: > 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low.
const securitySeverity: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** Where a finding's resource was written: a path relative to the repository root, and its first line. */
export interface SourceLocation {
  uri: string;
  line: number;
}

export interface SarifOptions {
  ruleHelp: (id: string) => { rationale: string; remediation: string; example?: string };
  /** For manifest scans: the file and line of a finding's resource. Without one, the location is logical only. */
  locate?: (finding: ReportedFinding) => SourceLocation | undefined;
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: rules with Markdown help and security-severity, results with
 * partialFingerprints, a file/line location for manifests and a logical location (the resource) for live clusters.
 */
export function formatSarif(report: JsonReport, options: SarifOptions): string {
  const index = new Map(report.rules.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: toolInfo.name,
            version: toolInfo.version,
            semanticVersion: toolInfo.version,
            informationUri: toolInfo.informationUri,
            rules: report.rules.map((rule) => {
              const help = options.ruleHelp(rule.id);
              return {
                id: rule.id,
                name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase()),
                shortDescription: { text: rule.title },
                fullDescription: { text: help.rationale || rule.title },
                help: { text: helpText(help), markdown: helpMarkdown(rule.title, help) },
                defaultConfiguration: { level: levels[rule.severity as Severity] },
                properties: {
                  tags: ['security', 'kubernetes', rule.area],
                  precision: 'high',
                  'security-severity': securitySeverity[rule.severity as Severity],
                  area: rule.area,
                  frameworks: rule.frameworks.map((control) => `${control.framework}:${control.control}`),
                },
              };
            }),
          },
        },
        ...(report.source.type === 'manifests'
          ? { originalUriBaseIds: { '%SRCROOT%': { description: { text: 'the folder meshguard ran in' } } } }
          : {}),
        results: report.findings.map((finding) => result(finding, index, options)),
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

function result(finding: ReportedFinding, index: Map<string, number>, options: SarifOptions) {
  const resource = `${finding.resource.kind}/${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}`;
  const source = options.locate?.(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: index.get(finding.ruleId) ?? 0,
    level: levels[finding.severity],
    message: {
      text: `${resource}${finding.container ? ` container ${finding.container}` : ''}: ${finding.message}`,
    },
    locations: [
      {
        ...(source
          ? {
              physicalLocation: {
                artifactLocation: { uri: source.uri, uriBaseId: '%SRCROOT%' },
                region: { startLine: source.line, startColumn: 1 },
              },
            }
          : {}),
        logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: resource, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'meshguard/v1': finding.fingerprint },
    ...(finding.baseline ? { baselineState: finding.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    ...(finding.status !== 'open'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: finding.exception?.justification ?? finding.status,
            },
          ],
        }
      : {}),
    properties: {
      status: finding.status,
      evidence: finding.evidence,
      ...(finding.exposure ? { exposure: finding.exposure } : {}),
    },
  };
}

function helpText(help: { rationale: string; remediation: string; example?: string }): string {
  return [help.rationale, help.remediation, help.example].filter(Boolean).join('\n\n');
}

function helpMarkdown(
  title: string,
  help: { rationale: string; remediation: string; example?: string },
): string {
  return [
    `**${title}**`,
    help.rationale,
    `**Remediation:** ${help.remediation}`,
    help.example ? `\`\`\`yaml\n${help.example.trimEnd()}\n\`\`\`` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
