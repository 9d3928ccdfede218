import type { ControlStatus, ReportScore } from '../model/report-model.js';
import type { CoverageState } from '../model/report-input.js';

/** Words every human-readable format uses, so HTML and PDF say the same thing. */
export const statusLabels: Record<ControlStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  manual: 'Manual',
  'not-applicable': 'Not applicable',
  'not-assessable': 'Not assessable',
};

export const statusMeanings: Record<ControlStatus, string> = {
  pass: 'measured, and no open finding remains (waived findings included)',
  fail: 'at least one open finding on at least one cluster',
  manual: 'cluster state cannot decide it; an auditor reviews it by hand',
  'not-applicable': 'nothing the control looks at exists in scope',
  'not-assessable':
    'nothing was measured: the read-only API cannot see it, a kind it reads could not be read, or the cluster is stale, unreachable or never scanned. Never counted as pass',
};

export const coverageLabels: Record<CoverageState, string> = {
  current: 'Current',
  stale: 'Stale',
  unreachable: 'Unreachable',
  partial: 'Partial',
  'never-scanned': 'Never scanned',
};

export const statusColors: Record<ControlStatus, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  manual: '#6a5acd',
  'not-applicable': '#9e9e9e',
  'not-assessable': '#ef8f00',
};

export const coverageColors: Record<CoverageState, string> = {
  current: '#2e7d32',
  stale: '#ef8f00',
  unreachable: '#c62828',
  partial: '#f4c20d',
  'never-scanned': '#757575',
};

/** "71.5 (12 pass, 3 fail counted; 4 not assessable left out)" */
export function scoreText(score: ReportScore): string {
  const value = score.score === null ? 'n/a' : score.score.toFixed(1);
  const left = [
    score.excluded.notAssessable ? `${score.excluded.notAssessable} not assessable` : '',
    score.excluded.manual ? `${score.excluded.manual} manual` : '',
    score.excluded.notApplicable ? `${score.excluded.notApplicable} not applicable` : '',
  ].filter(Boolean);
  return `${value} (${score.counted.pass} pass, ${score.counted.fail} fail counted${left.length ? `; left out: ${left.join(', ')}` : ''})`;
}

export function scoreValue(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(1);
}
