import { describeManifestProblem } from '@meshguard/k8s';
import type { JsonReport } from './json-report.js';

const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** JUnit XML: one testsuite per area, one testcase per rule; open findings are failures, not applicable, not assessable and manual are skipped, errors are errors. */
export function formatJunit(report: JsonReport): string {
  const areas = [...new Set(report.results.map((result) => result.area))];
  const suites = areas.map((area) => {
    const results = report.results.filter((result) => result.area === area);
    const cases = results.map((result) => {
      const rule = report.rules.find((entry) => entry.id === result.ruleId);
      const open = report.findings.filter(
        (finding) => finding.ruleId === result.ruleId && finding.status === 'open',
      );
      const name = `${result.ruleId}: ${escapeXml(rule?.title ?? '')}`;
      const attrs = `classname="meshguard.${area}" name="${name}"`;
      if (result.status === 'fail') {
        const body = open
          .map(
            (finding) =>
              `${finding.resource.kind} ${finding.resource.namespace ?? ''}/${finding.resource.name}${finding.container ? ` [${finding.container}]` : ''}: ${finding.message}`,
          )
          .join('\n');
        return `    <testcase ${attrs}>\n      <failure type="${result.severity}" message="${open.length} finding(s)">${escapeXml(body)}</failure>\n    </testcase>`;
      }
      if (result.status === 'error')
        return `    <testcase ${attrs}>\n      <error message="${escapeXml(result.reason ?? 'error')}"/>\n    </testcase>`;
      if (
        result.status === 'not-applicable' ||
        result.status === 'not-assessable' ||
        result.status === 'manual'
      )
        return `    <testcase ${attrs}>\n      <skipped message="${escapeXml(result.status + (result.reason ? `: ${result.reason}` : ''))}"/>\n    </testcase>`;
      return `    <testcase ${attrs}/>`;
    });
    const count = (status: string) => results.filter((result) => result.status === status).length;
    return `  <testsuite name="meshguard.${area}" tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('not-applicable') + count('not-assessable') + count('manual')}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  // Documents meshguard could not evaluate are errors of their own suite, so CI shows them next to the rules.
  const unevaluated = report.coverage.problems.filter((problem) => problem.severity === 'error');
  if (unevaluated.length > 0) {
    const cases = unevaluated.map(
      (problem) =>
        `    <testcase classname="meshguard.intake" name="${escapeXml(describeManifestProblem({ ...problem, reason: '' }).replace(/: $/, ''))}">\n      <error message="${escapeXml(problem.reason)}"/>\n    </testcase>`,
    );
    suites.push(
      `  <testsuite name="meshguard.intake" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const total = report.results.length + unevaluated.length;
  const failures = report.results.filter((result) => result.status === 'fail').length;
  const errors = report.results.filter((result) => result.status === 'error').length + unevaluated.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="meshguard" tests="${total}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
