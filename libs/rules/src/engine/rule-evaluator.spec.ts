import { describe, expect, it } from 'vitest';
import { containerPrivilegedRule } from '../catalog/pod-security/container-privileged/container-privileged.rule.js';
import { containerHostPortRule } from '../catalog/pod-security/container-host-port/container-host-port.rule.js';
import { configmapSecretContentRule } from '../catalog/configmap/configmap-secret-content/configmap-secret-content.rule.js';
import { patchingServerVersionEolRule } from '../catalog/patching/patching-server-version-eol/patching-server-version-eol.rule.js';
import { snapshotFromManifests } from '../testing/manifest-snapshot.js';
import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import { parseExceptions, ExceptionFileError } from './exception.js';
import { defineRule } from './rule.js';
import { evaluateRules } from './rule-evaluator.js';
import { RuleParamsError } from './rule-params.js';
import { evaluateContainers } from '../catalog/shared/evaluate-sites.js';

const evaluateContainersForTest = (current: ClusterSnapshot) =>
  evaluateContainers(current, (site) =>
    site.site.ref.name === 'db'
      ? { resource: site.site.ref, message: 'db container', evidence: [{ pointer: site.pointer }] }
      : undefined,
  );

const privilegedPods = `
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { team: a } }
spec:
  containers:
    - { name: web, image: "nginx:1.27", securityContext: { privileged: true } }
    - { name: sidecar, image: "envoy:1.31", securityContext: { privileged: true } }
---
apiVersion: v1
kind: Pod
metadata: { name: db, namespace: data, labels: { team: b } }
spec:
  containers:
    - { name: db, image: "postgres:16" }
`;

function snapshot(text = privilegedPods, collectedAt = '2026-03-01T00:00:00Z'): ClusterSnapshot {
  return snapshotFromManifests(text, { collectedAt }).snapshot;
}

describe('evaluateRules', () => {
  it('reports findings with rule metadata, the exact field and a stable fingerprint', () => {
    const first = evaluateRules(snapshot(), [containerPrivilegedRule]);
    const second = evaluateRules(snapshot(), [containerPrivilegedRule]);
    expect(first.results[0]).toMatchObject({
      ruleId: 'container-privileged',
      status: 'fail',
      checked: 3,
      open: 2,
    });
    expect(first.findings[0]).toMatchObject({
      ruleId: 'container-privileged',
      severity: 'critical',
      status: 'open',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
      container: 'web',
      message: 'spec.containers[0].securityContext.privileged is true',
      evidence: [{ pointer: '/spec/containers/0/securityContext/privileged', value: true }],
    });
    expect(first.findings.map((finding) => finding.fingerprint)).toEqual(
      second.findings.map((finding) => finding.fingerprint),
    );
    expect(new Set(first.findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it('changes the fingerprint when the evidence changes', () => {
    const a = evaluateRules(snapshot(privilegedPods.replace('hostPort', 'x')), [containerHostPortRule]);
    const withPort = (port: number) =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers: [{ name: web, image: "nginx:1.27", ports: [{ containerPort: 80, hostPort: ${port} }] }]\n`;
    const b = evaluateRules(snapshot(withPort(8080)), [containerHostPortRule]);
    const c = evaluateRules(snapshot(withPort(9090)), [containerHostPortRule]);
    expect(a.results[0]?.status).toBe('pass');
    expect(b.findings[0]?.fingerprint).not.toBe(c.findings[0]?.fingerprint);
  });

  it('applies params with defaults and overrides, and rejects unknown params', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: ingress, namespace: ingress }\nspec:\n  containers: [{ name: c, image: "x:1", ports: [{ containerPort: 443, hostPort: 443 }] }]\n`;
    expect(evaluateRules(snapshot(text), [containerHostPortRule]).results[0]?.status).toBe('fail');
    expect(
      evaluateRules(snapshot(text), [containerHostPortRule], {
        params: { 'container-host-port': { allowedPorts: [443] } },
      }).results[0]?.status,
    ).toBe('pass');
    expect(() =>
      evaluateRules(snapshot(text), [containerHostPortRule], {
        params: { 'container-host-port': { allowed: [443] } },
      }),
    ).toThrow(RuleParamsError);
    expect(() =>
      evaluateRules(snapshot(text), [containerHostPortRule], {
        params: { 'container-host-port': { allowedPorts: '443' } },
      }),
    ).toThrow(/must be array/);
  });

  it('distinguishes not-applicable, manual and error (coverage gap)', () => {
    const empty = snapshot('apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n');
    const manualRule = defineRule({
      id: 'manual-check',
      title: 't',
      area: 'rbac',
      severity: 'low',
      rationale: 'r',
      remediation: { text: 't' },
      reads: [],
      evidenceScope: 'object',
      manual: true,
      evaluate: () => [],
    });
    const gapped: ClusterSnapshot = {
      ...snapshot(),
      coverage: { gaps: [{ kind: 'pods', reason: 'forbidden', detail: '403 listing pods' }] },
    };
    expect(evaluateRules(empty, [containerPrivilegedRule]).results[0]?.status).toBe('not-applicable');
    expect(evaluateRules(empty, [manualRule]).results[0]?.status).toBe('manual');
    const emptyCluster: ClusterSnapshot = { ...empty, source: { type: 'cluster', location: 'https://k8s' } };
    expect(evaluateRules(emptyCluster, [patchingServerVersionEolRule]).results[0]).toMatchObject({
      status: 'manual',
      reason: expect.stringContaining('no server version'),
    });
    const gap = evaluateRules(gapped, [containerPrivilegedRule]);
    expect(gap.results[0]).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('pods (forbidden'),
    });
    expect(gap.findings).toEqual([]);
    const report = evaluateRules(gapped, [containerPrivilegedRule, manualRule]);
    expect(report.score).toMatchObject({
      score: null,
      counted: { pass: 0, fail: 0 },
      excluded: { notApplicable: 0, notAssessable: 0, manual: 1, error: 1 },
    });
  });

  it('turns a throwing rule into an error result instead of failing the scan', () => {
    const broken = defineRule({
      id: 'broken',
      title: 't',
      area: 'rbac',
      severity: 'low',
      rationale: 'r',
      remediation: { text: 't' },
      reads: ['pods'],
      evidenceScope: 'object',
      evaluate: () => {
        throw new Error('boom');
      },
    });
    expect(evaluateRules(snapshot(), [broken]).results[0]).toMatchObject({
      status: 'error',
      reason: 'rule failed: boom',
    });
  });

  it('never reports secret values: evidence is redacted', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: shop }\ndata:\n  AWS_ACCESS_KEY_ID: AKIAQ4EXAMPLE7ZYXWV2\n`;
    const report = evaluateRules(snapshot(text), [configmapSecretContentRule]);
    expect(report.findings).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain('AKIAQ4EXAMPLE7ZYXWV2');
    expect(report.findings[0]?.evidence[0]?.value).toBe('<redacted aws-access-key-id, 20 chars>');
  });
});

describe('exceptions', () => {
  const base = { justification: 'sidecar needs it until v2 ships', owner: 'team-a@example.com' };

  it('marks matching findings excepted or accepted, never drops them, and scopes by namespace, name, labels and container', () => {
    const exceptions = parseExceptions([
      {
        id: 'envoy',
        rules: ['container-*'],
        namespaces: ['sh*'],
        names: ['web'],
        labels: { team: 'a' },
        containers: ['side*'],
        ...base,
      },
      {
        id: 'web-accepted',
        rules: ['container-privileged'],
        namespaces: ['shop'],
        containers: ['web'],
        mode: 'accept',
        ...base,
      },
      { id: 'other-team', rules: ['container-privileged'], labels: { team: 'b' }, ...base },
    ]);
    const report = evaluateRules(snapshot(), [containerPrivilegedRule], { exceptions });
    expect(
      report.findings.map((finding) => [finding.container, finding.status, finding.exception?.id]),
    ).toEqual([
      ['web', 'accepted', 'web-accepted'],
      ['sidecar', 'excepted', 'envoy'],
    ]);
    expect(report.results[0]).toMatchObject({ status: 'pass', open: 0, excepted: 1, accepted: 1 });
    expect(report.score.findings).toEqual({ open: 0, excepted: 1, accepted: 1 });
    expect(report.exceptions.unused.map((entry) => entry.id)).toEqual(['other-team']);
  });

  it('stops covering a finding whose evidence changed (fingerprint) and reports expired exceptions', () => {
    const [finding] = evaluateRules(snapshot(), [containerPrivilegedRule]).findings;
    const exceptions = parseExceptions({
      exceptions: [
        { id: 'pinned', rules: ['container-privileged'], fingerprint: finding?.fingerprint, ...base },
        { id: 'stale', rules: ['container-privileged'], fingerprint: '0'.repeat(32), ...base },
        { id: 'expired', rules: ['*'], expires: '2026-02-01', ...base },
      ],
    });
    const report = evaluateRules(snapshot(), [containerPrivilegedRule], { exceptions });
    expect(report.findings.map((entry) => entry.status)).toEqual(['excepted', 'open']);
    expect(report.exceptions.unused.map((entry) => entry.id)).toEqual(['stale']);
    expect(report.exceptions.expired).toEqual([{ id: 'expired', owner: base.owner, expires: '2026-02-01' }]);
    const beforeExpiry = evaluateRules(
      snapshot(privilegedPods, '2026-01-15T00:00:00Z'),
      [containerPrivilegedRule],
      { exceptions },
    );
    expect(beforeExpiry.exceptions.expired).toEqual([]);
    expect(beforeExpiry.findings.every((entry) => entry.status === 'excepted')).toBe(true);
  });

  it('rejects invalid exception files with every problem and its path', () => {
    expect(() =>
      parseExceptions([{ id: 'x', rules: [], owner: '', justification: 'short', mode: 'ignore' }]),
    ).toThrow(ExceptionFileError);
    try {
      parseExceptions([
        { id: 'x', rules: [], owner: '', justification: 'short', mode: 'ignore' },
        { id: 'x', rules: ['a'], ...base },
        { id: 'x', rules: ['a'], ...base },
      ]);
    } catch (error) {
      const issues = (error as ExceptionFileError).issues.join('\n');
      expect(issues).toContain('exceptions[0].rules');
      expect(issues).toContain('exceptions[0].justification');
      expect(issues).toContain('exceptions[0].mode');
      expect(issues).toContain('exceptions[2].id: duplicate id "x"');
    }
    expect(() => parseExceptions('nope')).toThrow(/expected a list/);
  });
});

describe('score', () => {
  it('weights failures by exposure and excludes N/A, manual and error', () => {
    const exposed = `${privilegedPods}---\napiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  type: LoadBalancer\n  selector: { team: a }\n  ports: [{ port: 443 }]\n`;
    const isolated = evaluateRules(snapshot(privilegedPods), [containerPrivilegedRule]);
    const internet = evaluateRules(snapshot(exposed), [containerPrivilegedRule]);
    expect(internet.findings[0]?.exposure).toBe('internet');
    expect(isolated.findings[0]?.exposure).toBe('cluster');
    expect(internet.score.score ?? 100).toBeLessThan(isolated.score.score ?? 0);
    expect(isolated.score).toMatchObject({
      counted: { pass: 0, fail: 1 },
      excluded: { notApplicable: 0, notAssessable: 0, manual: 0, error: 0 },
    });
    expect(isolated.byArea['pod-security']?.score).toBe(isolated.score.score);
  });
});

describe('exposure', () => {
  it('marks workloads whose ingress policies admit nothing as isolated', () => {
    const text = `${privilegedPods}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: data }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
    const report = evaluateRules(snapshot(text), [
      containerHostPortRule,
      containerPrivilegedRule,
      defineRule({
        id: 'db-finding',
        title: 't',
        area: 'pod-security',
        severity: 'low',
        rationale: 'r',
        remediation: { text: 't' },
        reads: ['pods'],
        evidenceScope: 'object',
        evaluate: ({ snapshot: current }) => evaluateContainersForTest(current),
      }),
    ]);
    expect(report.findings.find((finding) => finding.ruleId === 'db-finding')?.exposure).toBe('isolated');
  });
});
