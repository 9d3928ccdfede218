import { describeManifestProblem } from '@meshguard/k8s';
import type { Severity } from '@meshguard/rules';
import { toolInfo } from '../tool-info.js';
import type { JsonReport } from './json-report.js';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const securitySeverity: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** SARIF 2.1.0: one run, rules as reportingDescriptors, findings as results located by file (manifests) or resource. */
export function formatSarif(
  report: JsonReport,
  ruleHelp: (id: string) => { rationale: string; remediation: string },
): string {
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
            informationUri: toolInfo.informationUri,
            rules: report.rules.map((rule) => {
              const help = ruleHelp(rule.id);
              return {
                id: rule.id,
                name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase()),
                shortDescription: { text: rule.title },
                fullDescription: { text: help.rationale },
                help: { text: help.remediation },
                defaultConfiguration: { level: levels[rule.severity as Severity] },
                properties: {
                  area: rule.area,
                  tags: ['security', 'kubernetes', rule.area],
                  'security-severity': securitySeverity[rule.severity as Severity],
                  frameworks: rule.frameworks.map((control) => `${control.framework}:${control.control}`),
                },
              };
            }),
          },
        },
        results: report.findings.map((finding) => {
          const resource = `${finding.resource.kind}/${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}`;
          return {
            ruleId: finding.ruleId,
            ruleIndex: index.get(finding.ruleId) ?? 0,
            level: levels[finding.severity],
            message: {
              text: `${resource}${finding.container ? ` container ${finding.container}` : ''}: ${finding.message}`,
            },
            locations: [
              {
                logicalLocations: [
                  { name: finding.resource.name, fullyQualifiedName: resource, kind: 'resource' },
                ],
              },
            ],
            partialFingerprints: { 'meshguard/v1': finding.fingerprint },
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
        }),
        ...invocationNotes(report, index),
        properties: { summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * What the tool could not do, as notifications of the run's invocation (SARIF's place for it), so code scanning shows
 * no result for them: an error per document it could not evaluate, a note per not-assessable rule and withheld subject.
 */
function invocationNotes(report: JsonReport, index: Map<string, number>) {
  const unevaluated = report.coverage.problems
    .filter((problem) => problem.severity === 'error')
    .map((problem) => ({
      level: 'error',
      message: { text: `not evaluated: ${describeManifestProblem(problem)}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: problem.file },
            ...(problem.line !== undefined ? { region: { startLine: problem.line } } : {}),
          },
        },
      ],
    }));
  const notes = report.results.flatMap((result) => {
    const associatedRule = { id: result.ruleId, index: index.get(result.ruleId) ?? 0 };
    const ruleNote =
      result.status === 'not-assessable'
        ? [{ level: 'note', message: { text: `not assessable: ${result.reason ?? ''}` }, associatedRule }]
        : [];
    const subjectNotes = (result.unassessed ?? []).map((subject) => {
      const resource = `${subject.resource.kind}/${subject.resource.namespace ? `${subject.resource.namespace}/` : ''}${subject.resource.name}`;
      return {
        level: 'note',
        message: {
          text: `${resource}${subject.container ? ` container ${subject.container}` : ''}: not assessable: ${subject.reason}`,
        },
        associatedRule,
        locations: [
          {
            logicalLocations: [
              { name: subject.resource.name, fullyQualifiedName: resource, kind: 'resource' },
            ],
          },
        ],
      };
    });
    return [...ruleNote, ...subjectNotes];
  });
  const all = [...unevaluated, ...notes];
  return all.length > 0
    ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: all }] }
    : {};
}
