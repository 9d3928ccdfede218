import type { Finding, ScanReport } from '@meshguard/rules';
import { describe, expect, it } from 'vitest';
import { summarizeScan } from './scan-summary.js';

const finding = (fingerprint: string, severity: Finding['severity'], status: Finding['status'] = 'open'): Finding => ({
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
  results: [{ ruleId: 'netpol-namespace-default-deny-ingress', area: 'networkpolicy' as Finding['area'], severity: 'high', status: 'fail', checked: 4, open: findings.length, excepted: 0, accepted: 0 }],
  findings,
  exceptions: { unused: [], expired: [] },
  score: { score: 50, counted: { pass: 0, fail: 1 }, excluded: { notApplicable: 0, notAssessable: 0, manual: 0, error: 0 }, findings: { open: findings.length, excepted: 0, accepted: 0 } },
  byArea: {},
});

describe('summarizeScan', () => {
  it('counts new, resolved and still-open findings against the previous scan, and new open ones by severity', () => {
    const previous = new Map([['a', 'scan-0'], ['b', 'scan-0'], ['gone', 'scan-0']]);
    const summary = summarizeScan(report([finding('a', 'high'), finding('b', 'high'), finding('c', 'critical'), finding('d', 'high', 'excepted')]), previous, 'scan-1');
    expect(summary.diff).toMatchObject({ previousScanId: 'scan-1', new: 2, resolved: 1, stillOpen: 2 });
    expect(summary.diff.newBySeverity).toMatchObject({ critical: 1, high: 0 });
    expect(summary.findings.bySeverity).toMatchObject({ critical: 1, high: 3, medium: 0 });
    expect(summary.findings.byStatus).toEqual({ open: 3, excepted: 1, accepted: 0 });
    expect(summary.findings.byControl['cis-k8s-v1.10']).toBeDefined();
    expect(summary.scoreByFramework['cis-k8s-v1.10']).toEqual(expect.any(Number));
  });

  it('treats every finding as new on a cluster\'s first scan', () => {
    const summary = summarizeScan(report([finding('a', 'low')]), undefined, null);
    expect(summary.diff).toMatchObject({ previousScanId: null, new: 1, resolved: 0, stillOpen: 0 });
  });
});
