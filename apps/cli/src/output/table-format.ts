import { describeManifestProblem } from '@meshguard/k8s';
import { ruleAreas, severities, type Severity } from '@meshguard/rules';
import type { JsonReport } from './json-report.js';
import { terminalStyle } from './terminal-style.js';

/** The human report: per area, each failing or undecided rule with its findings, then the score and its composition. */
export function formatTable(report: JsonReport, colour: boolean): string {
  const style = terminalStyle(colour);
  const lines: string[] = [];
  lines.push(
    style.bold(`meshguard scan of ${report.source.type} ${report.source.location}`) +
      style.dim(
        ` (collected ${report.source.collectedAt}${report.source.serverVersion ? `, Kubernetes ${report.source.serverVersion}` : ''})`,
      ),
  );
  for (const area of ruleAreas) {
    const results = report.results.filter((result) => result.area === area);
    if (results.length === 0) continue;
    const areaScore = report.summary.byArea[area];
    const passed = results.filter((result) => result.status === 'pass').length;
    const notApplicable = results.filter((result) => result.status === 'not-applicable').length;
    const notAssessable = results.filter((result) => result.status === 'not-assessable').length;
    lines.push('');
    lines.push(
      style.bold(`${area.toUpperCase()}`) +
        style.dim(
          `  ${passed}/${results.length - notApplicable - notAssessable} applicable rules pass${undecided(notApplicable, notAssessable)}${areaScore?.score !== null && areaScore?.score !== undefined ? `, score ${areaScore.score}` : ''}`,
        ),
    );
    const ordered = [...results].sort(
      (a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity),
    );
    for (const result of ordered) {
      if (
        result.status === 'not-applicable' ||
        (result.status === 'pass' && result.excepted + result.accepted === 0)
      )
        continue;
      const rule = report.rules.find((entry) => entry.id === result.ruleId);
      const label = result.status.toUpperCase().padEnd(14);
      lines.push(
        `  ${style.status(result.status, label)} ${style.severity(result.severity, result.severity.padEnd(8))} ${result.ruleId}  ${style.dim(rule?.title ?? '')}`,
      );
      if (result.reason) lines.push(`      ${style.dim(result.reason)}`);
      for (const subject of result.unassessed ?? []) {
        const where = `${subject.resource.kind} ${subject.resource.namespace ? `${subject.resource.namespace}/` : ''}${subject.resource.name}${subject.container ? ` [${subject.container}]` : ''}`;
        lines.push(`      ? ${where}: ${style.dim(`not assessable: ${subject.reason}`)}`);
      }
      for (const finding of report.findings.filter((entry) => entry.ruleId === result.ruleId)) {
        const where = `${finding.resource.kind} ${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}${finding.container ? ` [${finding.container}]` : ''}`;
        const tag =
          finding.status === 'open'
            ? ''
            : style.status(finding.status, ` (${finding.status}: ${finding.exception?.id ?? ''})`);
        const exposure = finding.exposure === 'internet' ? style.severity('high', ' [internet-exposed]') : '';
        lines.push(`      - ${where}: ${finding.message}${exposure}${tag}`);
      }
    }
  }
  const summary = report.summary;
  lines.push('');
  const bySeverity = severities
    .map((severity: Severity) => `${summary.bySeverity[severity] ?? 0} ${severity}`)
    .join(', ');
  lines.push(
    style.bold(`Score: ${summary.score ?? 'n/a'}`) +
      ` over ${summary.counted.pass + summary.counted.fail} decided rules (${summary.counted.pass} pass, ${summary.counted.fail} fail)`,
  );
  lines.push(
    `Not counted: ${summary.excluded.notApplicable} not applicable, ${summary.excluded.notAssessable ? `${summary.excluded.notAssessable} not assessable, ` : ''}${summary.excluded.manual} manual, ${summary.excluded.error} error`,
  );
  lines.push(
    `Findings: ${summary.findings.open} open (${bySeverity}), ${summary.findings.excepted} excepted, ${summary.findings.accepted} accepted`,
  );
  if (report.exceptions.unused.length > 0)
    lines.push(
      style.dim(`Unused exceptions: ${report.exceptions.unused.map((entry) => entry.id).join(', ')}`),
    );
  if (report.exceptions.expired.length > 0)
    lines.push(
      style.status(
        'error',
        `Expired exceptions: ${report.exceptions.expired.map((entry) => `${entry.id} (${entry.expires ?? ''}, ${entry.owner})`).join(', ')}`,
      ),
    );
  if (report.coverage.gaps.length > 0)
    lines.push(
      style.status(
        'error',
        `Coverage gaps: ${report.coverage.gaps.map((gap) => `${gap.kind} (${gap.reason})`).join(', ')}`,
      ),
    );
  const unevaluated = report.coverage.problems.filter((problem) => problem.severity === 'error');
  if (unevaluated.length > 0) {
    lines.push(
      style.status('error', `Not evaluated: ${unevaluated.length} document(s) meshguard could not read`),
    );
    for (const problem of unevaluated) lines.push(`  - ${describeManifestProblem(problem)}`);
  }
  if (report.coverage.ignored?.length)
    lines.push(
      style.dim(
        `Skipped kinds no rule reads: ${report.coverage.ignored.map((entry) => `${entry.count} ${entry.kind} (${entry.apiVersion})`).join(', ')}`,
      ),
    );
  if (report.coverage.notObjects?.length)
    lines.push(
      style.dim(`Ignored ${report.coverage.notObjects.length} file(s) that hold no Kubernetes object`),
    );
  return `${lines.join('\n')}\n`;
}

/** ` (2 not applicable, 1 not assessable)`, or nothing when every rule could be applied and judged. */
function undecided(notApplicable: number, notAssessable: number): string {
  const parts = [
    ...(notApplicable ? [`${notApplicable} not applicable`] : []),
    ...(notAssessable ? [`${notAssessable} not assessable`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
