import { catalog, cisKubernetesV110, rulesOfFramework, ruleFailures, scoreResults } from '@meshguard/rules';
import { describe, expect, it } from 'vitest';
import { buildReportModel, ReportInputError, type ReportInput } from '../src/index.js';
import { evaluateFixture, fleetInput, measuredCluster } from './report-fixtures.js';

const clusterStatus = (model: ReturnType<typeof buildReportModel>, controlId: string, clusterId: string) =>
  model.controls
    .find((control) => control.controlId === controlId)
    ?.clusters.find((cluster) => cluster.clusterId === clusterId);

describe('buildReportModel', () => {
  const model = buildReportModel(fleetInput());

  it('rejects an unknown framework and duplicate clusters as input errors', () => {
    expect(() => buildReportModel({ ...fleetInput(), frameworkId: 'cis-k8s-v9' })).toThrow(ReportInputError);
    const input = fleetInput();
    expect(() => buildReportModel({ ...input, clusters: [...input.clusters, input.clusters[0]!] })).toThrow(
      /listed twice/,
    );
  });

  it('never says pass where nothing was measured: stale, unreachable and never-scanned clusters are not assessable', () => {
    for (const clusterId of ['stale', 'down', 'new']) {
      for (const control of model.controls) {
        const result = control.clusters.find((cluster) => cluster.clusterId === clusterId)!;
        if (control.rules.length === 0) expect(result.status).toBe('manual');
        else expect(['not-assessable', 'manual']).toContain(result.status);
        expect(result.status).not.toBe('pass');
        expect(result.score).toBeNull();
      }
      const cluster = model.clusters.find((entry) => entry.clusterId === clusterId)!;
      expect(cluster.measured).toBe(false);
      expect(cluster.score.score).toBeNull();
      expect(cluster.controls.pass).toBe(0);
    }
    expect(model.summary.clusters).toMatchObject({ total: 5, measured: 2 });
    expect(model.summary.clusters.byCoverage).toEqual({
      current: 1,
      stale: 1,
      unreachable: 1,
      partial: 1,
      'never-scanned': 1,
    });
  });

  it('a cluster that only ever failed to scan makes a control unknown, never compliant', () => {
    const onlyFailed = buildReportModel({
      ...fleetInput(),
      clusters: [
        {
          clusterId: 'down',
          name: 'down',
          coverageState: 'unreachable',
          coverageReason: 'connection refused',
          scan: null,
        },
      ],
    });
    expect(onlyFailed.summary.controls.pass).toBe(0);
    expect(onlyFailed.summary.score.score).toBeNull();
    expect(onlyFailed.summary.status).toBe('not-assessable');
    expect(onlyFailed.coverageIssues[0]?.effect).toMatch(/never as compliant/);
  });

  it('turns rules reading a coverage gap into not-assessable on that cluster only, and says which controls', () => {
    // 5.1.1 reads (cluster)rolebindings: measured on prod, a gap on the partial cluster.
    const onProd = clusterStatus(model, '5.1.1', 'prod')!;
    const onPartial = clusterStatus(model, '5.1.1', 'partial')!;
    expect(onProd.status).not.toBe('not-assessable');
    expect(onPartial.status).toBe('not-assessable');
    expect(onPartial.reason).toMatch(/rolebindings/);
    const issue = model.coverageIssues.find((entry) => entry.clusterId === 'partial')!;
    expect(issue.coverageState).toBe('partial');
    expect(issue.gaps).toEqual(['rolebindings']);
    expect(issue.controls).toContain('5.1.1');
    // A control whose rules read only workloads is still measured on the partial cluster.
    expect(issue.controls).not.toContain('5.2.2');
    expect(clusterStatus(model, '5.2.2', 'partial')!.status).toBe('fail');
    expect(model.coverageIssues.map((entry) => entry.clusterId).sort()).toEqual([
      'down',
      'new',
      'partial',
      'stale',
    ]);
  });

  it('fails a control on an open finding and lists the failing resources with redacted evidence', () => {
    const privileged = model.controls.find((control) => control.controlId === '5.2.2')!;
    expect(privileged.status).toBe('fail');
    expect(privileged.rules.map((rule) => rule.ruleId)).toContain('container-privileged');
    const web = privileged.findings.find(
      (finding) => finding.clusterId === 'prod' && finding.resource.name === 'web',
    )!;
    expect(web).toMatchObject({ ruleId: 'container-privileged', status: 'open', container: 'web' });
    expect(web.evidence.length).toBeGreaterThan(0);
    expect(privileged.clusterStatus).toMatchObject({ fail: 2, 'not-assessable': 3 });
  });

  it('lists exceptions with justification, owner and expiry, and excepted findings do not fail', () => {
    const privileged = model.controls.find((control) => control.controlId === '5.2.2')!;
    expect(privileged.exceptions).toEqual([
      {
        exceptionId: 'worker-privileged',
        mode: 'excepted',
        owner: 'platform-team',
        justification: 'the worker loads a kernel module until ticket OPS-42 lands',
        expires: '2027-06-30',
        findings: 2,
        clusters: 2,
      },
    ]);
    const worker = privileged.findings.find((finding) => finding.resource.name === 'worker')!;
    expect(worker).toMatchObject({ status: 'excepted', exceptionId: 'worker-privileged' });
    expect(privileged.findingCounts.excepted).toBe(2);
  });

  it('marks controls without rules manual with the reason', () => {
    const manual = model.controls.find((control) => control.controlId === '5.1.7')!;
    expect(manual.status).toBe('manual');
    expect(manual.manualReason).toMatch(/system:masters|client certificates/);
  });

  it('scores a single cluster exactly as docs/scoring.md scores the framework rules of its scan', () => {
    const report = evaluateFixture();
    const covered = rulesOfFramework(cisKubernetesV110);
    const expected = scoreResults(
      report.results.filter((result) => covered.has(result.ruleId)),
      ruleFailures(report.findings),
    );
    const single = buildReportModel({ ...fleetInput(), clusters: [measuredCluster('prod')] });
    expect(single.summary.score.score).toBe(expected.score);
    expect(single.summary.score.counted).toEqual(expected.counted);
    expect(single.clusters[0]!.score.score).toBe(expected.score);
    expect(expected.score).not.toBeNull();
  });

  it('pools the fleet score over cluster × rule: two identical measured clusters score like one', () => {
    const one = buildReportModel({ ...fleetInput(), clusters: [measuredCluster('a')] });
    const two = buildReportModel({ ...fleetInput(), clusters: [measuredCluster('a'), measuredCluster('b')] });
    expect(two.summary.score.score).toBe(one.summary.score.score);
    expect(two.summary.score.counted.fail).toBe(2 * one.summary.score.counted.fail);
    // Unmeasured clusters add nothing to the score, only to what it leaves out.
    expect(model.summary.score.counted.pass + model.summary.score.counted.fail).toBeLessThan(
      2 * (one.summary.score.counted.pass + one.summary.score.counted.fail) + 1,
    );
  });

  it('the evidence-scope hook makes a pass not assessable but keeps a measured failure', () => {
    const input: ReportInput = {
      ...fleetInput(),
      clusters: [measuredCluster('prod')],
      assessability: () => 'needs node files the read-only API cannot show',
    };
    const hooked = buildReportModel(input);
    for (const control of hooked.controls) {
      const status = control.clusters[0]!.status;
      expect(status).not.toBe('pass');
      expect(status).not.toBe('not-applicable');
    }
    expect(hooked.controls.find((control) => control.controlId === '5.2.2')!.status).toBe('fail');
  });

  it('states a rule missing from the scan as not evaluated rather than passing', () => {
    const cluster = measuredCluster('prod');
    cluster.scan!.results = cluster.scan!.results.filter(
      (result) => result.ruleId !== 'rbac-cluster-admin-binding',
    );
    const partialRules = buildReportModel({ ...fleetInput(), clusters: [cluster] });
    const result = partialRules.controls.find((control) => control.controlId === '5.1.1')!.clusters[0]!;
    expect(result.status).toBe('not-assessable');
    expect(result.reason).toMatch(/not evaluated/);
  });

  it('counts findings and failing resources of the framework rules only', () => {
    const frameworkRules = rulesOfFramework(cisKubernetesV110);
    const report = evaluateFixture();
    const relevant = report.findings.filter((finding) => frameworkRules.has(finding.ruleId));
    const prod = model.clusters.find((cluster) => cluster.clusterId === 'prod')!;
    expect(prod.findings.open).toBe(relevant.filter((finding) => finding.status === 'open').length);
    expect(catalog.length).toBeGreaterThan(frameworkRules.size);
    const resources = new Set(
      relevant
        .filter((finding) => finding.status === 'open')
        .map((finding) => `${finding.resource.kind}/${finding.resource.namespace}/${finding.resource.name}`),
    );
    // Two measured clusters with the same manifests.
    expect(model.summary.failingResources).toBe(2 * resources.size);
  });
});
