import type { Evidence, Exposure, FindingStatus, ResourceRef, Severity } from '@meshguard/rules';

/**
 * The pieces of SARIF 2.1.0 that meshguard writes, shared by the CLI's scan SARIF and the compliance report's
 * SARIF so that both say a rule, a level and a finding the same way.
 */
export const sarifVersion = '2.1.0';
export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

export const sarifLevels: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning's `security-severity` (a CVSS-like 0–10 string). */
export const sarifSecuritySeverity: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export interface SarifRuleInput {
  id: string;
  title: string;
  severity: Severity;
  area: string;
  rationale: string;
  remediation: string;
  /** A YAML example of the fix, shown in the Markdown help. */
  example?: string;
  /** `framework:control` references. */
  frameworks: string[];
}

/** A rule as a SARIF reportingDescriptor, with the Markdown help GitHub code scanning shows beside an alert. */
export function sarifRule(rule: SarifRuleInput): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale || rule.title },
    help: {
      text: [rule.rationale, rule.remediation, rule.example].filter(Boolean).join('\n\n'),
      markdown: [
        `**${rule.title}**`,
        rule.rationale,
        `**Remediation:** ${rule.remediation}`,
        rule.example ? `\`\`\`yaml\n${rule.example.trimEnd()}\n\`\`\`` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
    defaultConfiguration: { level: sarifLevels[rule.severity] },
    properties: {
      area: rule.area,
      tags: ['security', 'kubernetes', rule.area],
      precision: 'high',
      'security-severity': sarifSecuritySeverity[rule.severity],
      frameworks: rule.frameworks,
    },
  };
}

/** Where a finding's resource was written: a path relative to the repository root, and its first line. */
export interface SarifSourceLocation {
  uri: string;
  line: number;
}

export interface SarifFindingInput {
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  container?: string;
  message: string;
  evidence: Evidence[];
  fingerprint: string;
  exposure?: Exposure;
  exception?: { justification: string };
}

/** `Kind/namespace/name`, the logical location of a resource. */
export function resourcePath(resource: ResourceRef): string {
  return `${resource.kind}/${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

/**
 * A finding as a SARIF result, located logically by resource (optionally under a cluster); waived findings carry an
 * accepted external suppression with the exception's justification.
 */
export function sarifResult(
  finding: SarifFindingInput,
  ruleIndex: number,
  options: {
    cluster?: string;
    properties?: Record<string, unknown>;
    /** For manifests: the file and line of the resource (relative to %SRCROOT%). */
    source?: SarifSourceLocation;
    /** Against a baseline: whether the result is new or was there before. */
    baselineState?: 'new' | 'unchanged';
  } = {},
): Record<string, unknown> {
  const resource = resourcePath(finding.resource);
  const qualified = options.cluster ? `${options.cluster}/${resource}` : resource;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: sarifLevels[finding.severity],
    message: {
      text: `${qualified}${finding.container ? ` container ${finding.container}` : ''}: ${finding.message}`,
    },
    locations: [
      {
        ...(options.source
          ? {
              physicalLocation: {
                artifactLocation: { uri: options.source.uri, uriBaseId: '%SRCROOT%' },
                region: { startLine: options.source.line, startColumn: 1 },
              },
            }
          : {}),
        logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: qualified, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'meshguard/v1': finding.fingerprint },
    ...(options.baselineState ? { baselineState: options.baselineState } : {}),
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
      ...options.properties,
    },
  };
}
