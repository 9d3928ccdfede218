import { describeManifestProblem } from '@meshguard/k8s';
import type { Severity } from '@meshguard/rules';
import {
  sarifResult,
  sarifRule,
  sarifSchemaUri,
  sarifVersion,
  type SarifSourceLocation,
} from '@meshguard/reports';
import { toolInfo } from '../tool-info.js';
import { jsonDocument } from './json-pieces.js';
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
export function* formatSarif(report: JsonReport, options: SarifOptions): Generator<string, void, undefined> {
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
        ...invocationNotes(report, index),
        properties: {
          summary: report.summary,
          ...(report.baseline
            ? { baseline: { file: report.baseline.file, resolved: report.baseline.resolved.length } }
            : {}),
        },
      },
    ],
  };
  // Results are written one by one: a large scan's log is bigger than one string may be.
  yield* jsonDocument(sarif, 4);
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
