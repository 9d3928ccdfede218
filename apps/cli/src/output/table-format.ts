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
    lines.push('');
    lines.push(
      style.bold(`${area.toUpperCase()}`) +
        style.dim(
          `  ${passed}/${results.length - notApplicable} applicable rules pass${notApplicable ? ` (${notApplicable} not applicable)` : ''}${areaScore?.score !== null && areaScore?.score !== undefined ? `, score ${areaScore.score}` : ''}`,
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
      for (const finding of report.findings.filter((entry) => entry.ruleId === result.ruleId)) {
        const where = `${finding.resource.kind} ${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}${finding.container ? ` [${finding.container}]` : ''}`;
        const tag =
          finding.status === 'open'
            ? ''
            : style.status(finding.status, ` (${finding.status}: ${finding.exception?.id ?? ''})`);
        const exposure = finding.exposure === 'internet' ? style.severity('high', ' [internet-exposed]') : '';
        const fresh = finding.baseline === 'new' ? style.bold(' [new]') : '';
        lines.push(`      - ${where}: ${finding.message}${exposure}${tag}${fresh}`);
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
    `Not counted: ${summary.excluded.notApplicable} not applicable, ${summary.excluded.manual} manual, ${summary.excluded.error} error`,
  );
  lines.push(
    `Findings: ${summary.findings.open} open (${bySeverity}), ${summary.findings.excepted} excepted, ${summary.findings.accepted} accepted`,
  );
  if (report.baseline)
    lines.push(
      `Against baseline ${report.baseline.file}: ${report.baseline.new} new, ${report.baseline.existing} existing, ${report.baseline.resolved.length} resolved`,
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
  return `${lines.join('\n')}\n`;
}
