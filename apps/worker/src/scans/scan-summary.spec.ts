import { controlStatusOf, controlStatusOfResults } from '@meshguard/reports';
import { frameworks, type Finding, type ResultStatus, type RuleId, type RuleResult, type ScanReport } from '@meshguard/rules';
import { describe, expect, it } from 'vitest';
import { controlStatusesOf } from './control-status.js';
import { summarizeScan } from './scan-summary.js';

const finding = (
  fingerprint: string,
  severity: Finding['severity'],
  status: Finding['status'] = 'open',
): Finding => ({
  ruleId: 'netpol-namespace-default-deny-ingress',
  area: 'networkpolicy' as Finding['area'],
  severity,
  status,
  resource: { apiVersion: 'v1', kind: 'Namespace', name: fingerprint },
  message: 'no default deny',
  evidence: [],
  fingerprint,
});

const report = (findings: Finding[]): ScanReport => ({
  collectedAt: '2026-11-27T00:00:00Z',
  results: [
    {
      ruleId: 'netpol-namespace-default-deny-ingress',
      area: 'networkpolicy' as Finding['area'],
      severity: 'high',
      status: 'fail',
      checked: 4,
      open: findings.length,
      excepted: 0,
      accepted: 0,
    },
  ],
  findings,
  exceptions: { unused: [], expired: [] },
  score: {
    score: 50,
    counted: { pass: 0, fail: 1 },
    excluded: { notApplicable: 0, notAssessable: 0, manual: 0, error: 0 },
    findings: { open: findings.length, excepted: 0, accepted: 0 },
  },
  byArea: {},
});

const rule = 'netpol-namespace-default-deny-ingress';
const openBefore = (...fingerprints: [string, string][]) =>
  new Map(fingerprints.map(([fingerprint, ruleId]) => [fingerprint, { ruleId }]));

describe('summarizeScan', () => {
  it('counts new, resolved and still-open findings against what was open before, and new open ones by severity', () => {
    const previous = openBefore(['a', rule], ['b', rule], ['gone', rule]);
    const summary = summarizeScan(
      report([
        finding('a', 'high'),
        finding('b', 'high'),
        finding('c', 'critical'),
        finding('d', 'high', 'excepted'),
      ]),
      previous,
      'scan-1',
    );
    expect(summary.diff).toMatchObject({
      previousScanId: 'scan-1',
      baseline: false,
      new: 2,
      resolved: 1,
      stillOpen: 2,
    });
    expect(summary.diff.newBySeverity).toMatchObject({ critical: 1, high: 0 });
    expect(summary.findings.bySeverity).toMatchObject({ critical: 1, high: 3, medium: 0 });
    expect(summary.findings.openBySeverity).toMatchObject({ critical: 1, high: 2, medium: 0 });
    expect(summary.findings.openByArea).toEqual({ networkpolicy: 3 });
    expect(summary.findings.byStatus).toEqual({ open: 3, excepted: 1, accepted: 0 });
    expect(summary.findings.byControl['cis-k8s-v1.10']).toBeDefined();
    expect(summary.scoreByFramework['cis-k8s-v1.10']).toEqual(expect.any(Number));
    expect(summary.rules.status[rule]).toBe('fail');
    expect(summary.controls.status['cis-k8s-v1.10']?.['5.3.2']).toBe('fail');
    expect(summary.controls.counts['cis-k8s-v1.10']?.fail).toBeGreaterThan(0);
  });

  it('lists the checked namespaces with and without a default-deny policy, and knows nothing when the rule did not run', () => {
    const summary = summarizeScan(report([finding('a', 'high')]), undefined, null, [
      'a',
      'shop',
      'kube-system',
    ]);
    expect(summary.defaultDeny.ingress).toEqual({ covered: ['shop'], missing: ['a'] });
    expect(summary.defaultDeny.egress).toBeNull();
  });

  it('does not resolve an open problem whose rule was not evaluated (a coverage gap)', () => {
    const previous = openBefore(['a', rule], ['secret', 'secret-in-configmap']);
    const summary = summarizeScan(report([]), previous, 'scan-1');
    expect(summary.diff).toMatchObject({ resolved: 1, new: 0, stillOpen: 0 });
  });

  it("marks a cluster's first scan as the baseline, where nothing counts as new", () => {
    const summary = summarizeScan(report([finding('a', 'critical')]), undefined, null);
    expect(summary.diff).toMatchObject({
      previousScanId: null,
      baseline: true,
      new: 0,
      resolved: 0,
      stillOpen: 0,
    });
    expect(summary.diff.newBySeverity.critical).toBe(0);
    expect(summary.findings.openBySeverity.critical).toBe(1);
  });
});

describe('controlStatusesOf (the derivation libs/reports uses)', () => {
  const results = (statuses: Record<string, ResultStatus>) =>
    Object.entries(statuses).map(([ruleId, status]) => ({ ruleId, status }) as RuleResult);
  const control = (rules: string[], manual?: string) => ({ id: 'x', title: 'x', rules: rules as RuleId[], ...(manual ? { manual } : {}) });
  const byRule = new Map<string, ResultStatus>([['a', 'pass'], ['b', 'fail'], ['c', 'error'], ['d', 'not-applicable'], ['m', 'manual'], ['n', 'not-assessable']]);
  it('fails on any failing rule, is not assessable on a gap, and never passes what nothing measured', () => {
    expect(controlStatusOfResults(control(['a', 'b', 'c']), byRule)).toBe('fail');
    expect(controlStatusOfResults(control(['a', 'c']), byRule)).toBe('not-assessable');
    expect(controlStatusOfResults(control(['a', 'n']), byRule)).toBe('not-assessable');
    expect(controlStatusOfResults(control(['a', 'd']), byRule)).toBe('pass');
    expect(controlStatusOfResults(control(['a', 'm']), byRule)).toBe('manual');
    expect(controlStatusOfResults(control(['a'], 'also check the audit policy'), byRule)).toBe('manual');
    expect(controlStatusOfResults(control(['d']), byRule)).toBe('not-applicable');
    expect(controlStatusOfResults(control([]), byRule)).toBe('manual');
    expect(controlStatusOfResults(control(['unknown-rule']), byRule)).toBe('not-assessable');
  });

  it('gives every framework control the status a report gives it for the same results', () => {
    const framework = frameworks.find((candidate) => candidate.id === 'cis-k8s-v1.10')!;
    const ruleIds = [...new Set(framework.controls.flatMap((candidate) => candidate.rules as readonly string[]))];
    const cycle: ResultStatus[] = ['pass', 'fail', 'not-applicable', 'manual', 'error', 'pass', 'not-applicable'];
    const statuses = Object.fromEntries(ruleIds.map((ruleId, index) => [ruleId, cycle[index % cycle.length]!]));
    const stored = controlStatusesOf(results(statuses))[framework.id]!;
    for (const candidate of framework.controls) {
      const outcomes = (candidate.rules as readonly string[]).map((ruleId) => ({ ruleId, status: statuses[ruleId] === 'error' ? ('not-assessable' as const) : statuses[ruleId]! }));
      expect(stored[candidate.id], candidate.id).toBe(controlStatusOf(candidate, outcomes).status);
    }
    expect(new Set(Object.values(stored)).size).toBeGreaterThan(2);
  });
});
