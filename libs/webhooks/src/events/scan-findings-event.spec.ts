import { describe, expect, it } from 'vitest';
import { buildScanFindingsEvent, type ScanEventFinding } from './scan-findings-event.js';

const finding = (ruleId: string, severity: ScanEventFinding['severity'], name: string): ScanEventFinding => ({
  ruleId,
  severity,
  resource: { apiVersion: 'v1', kind: 'Namespace', name },
});

const input = {
  tenantId: 'tenant-1',
  cluster: { id: 'cluster-1', name: 'prod-eu' },
  scan: { id: 'scan-9', completedAt: new Date('2026-11-27T03:00:00Z'), previousScanId: 'scan-8' },
  links: {
    scan: 'https://meshguard.example/v1/scans/scan-9',
    findings: 'https://meshguard.example/v1/scans/scan-9/findings?status=new',
  },
  createdAt: new Date('2026-11-27T03:00:01Z'),
};

describe('buildScanFindingsEvent', () => {
  it('counts every new finding by severity and lists the worst first, deterministically', () => {
    const event = buildScanFindingsEvent({
      ...input,
      id: 'evt-1',
      topN: 3,
      newFindings: [
        finding('netpol-namespace-default-deny', 'high', 'b'),
        finding('pod-privileged', 'low', 'x'),
        finding('netpol-namespace-default-deny', 'high', 'a'),
        finding('secret-in-configmap', 'critical', 'c'),
        finding('netpol-egress', 'medium', 'm'),
      ],
    });
    expect(event).toMatchObject({
      id: 'evt-1',
      type: 'scan.new_findings',
      version: 1,
      createdAt: '2026-11-27T03:00:01.000Z',
      tenantId: 'tenant-1',
      data: {
        cluster: { id: 'cluster-1', name: 'prod-eu' },
        scan: { id: 'scan-9', completedAt: '2026-11-27T03:00:00.000Z', previousScanId: 'scan-8' },
        newFindings: { critical: 1, high: 2, medium: 1, low: 1, info: 0 },
        truncated: true,
      },
    });
    expect(event!.data.topFindings.map((f) => `${f.severity}:${f.resource.name}`)).toEqual([
      'critical:c',
      'high:a',
      'high:b',
    ]);
  });

  it('sends nothing when no new finding is critical or high', () => {
    expect(buildScanFindingsEvent({ ...input, newFindings: [finding('r', 'medium', 'a')] })).toBeUndefined();
    expect(buildScanFindingsEvent({ ...input, newFindings: [] })).toBeUndefined();
  });

  it('rejects an out-of-range topN and unknown severities', () => {
    const newFindings = [finding('r', 'high', 'a')];
    expect(() => buildScanFindingsEvent({ ...input, newFindings, topN: 0 })).toThrow(/topN/);
    expect(() =>
      buildScanFindingsEvent({
        ...input,
        newFindings: [{ ...finding('r', 'high', 'a'), severity: 'severe' as 'high' }],
      }),
    ).toThrow(/unknown severity "severe"/);
  });

  it('gives each event its own id unless one is passed', () => {
    const newFindings = [finding('r', 'high', 'a')];
    expect(buildScanFindingsEvent({ ...input, newFindings })!.id).not.toBe(
      buildScanFindingsEvent({ ...input, newFindings })!.id,
    );
  });
});
