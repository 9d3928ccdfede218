import { describe, expect, it } from 'vitest';
import { containerPrivilegedRule } from '../catalog/pod-security/container-privileged/container-privileged.rule.js';
import { monitoringLogAgentMissingRule } from '../catalog/monitoring/monitoring-log-agent-missing/monitoring-log-agent-missing.rule.js';
import { namespaceNoLimitRangeRule } from '../catalog/namespace/namespace-no-limit-range/namespace-no-limit-range.rule.js';
import { namespaceDefaultWorkloadsRule } from '../catalog/namespace/namespace-default-workloads/namespace-default-workloads.rule.js';
import { patchingServerVersionEolRule } from '../catalog/patching/patching-server-version-eol/patching-server-version-eol.rule.js';
import { rbacCreatePodsRule } from '../catalog/rbac/rbac-create-pods/rbac-create-pods.rule.js';
import { serviceSelectsNoPodsRule } from '../catalog/service/service-selects-no-pods/service-selects-no-pods.rule.js';
import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import { snapshotFromManifests } from '../testing/manifest-snapshot.js';
import type { AnyRule } from './rule.js';
import { evaluateRules } from './rule-evaluator.js';

const workloads = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27", securityContext: { privileged: true } }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: default }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: "api:1.0" }] }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec: { selector: { app: cart }, ports: [{ port: 80 }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: ServiceAccount, name: ci, namespace: shop }]
`;
const shopNamespace = `
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`;

function manifests(text: string, complete = false): ClusterSnapshot {
  const { snapshot } = snapshotFromManifests(text, { collectedAt: '2026-03-01T00:00:00Z' });
  return complete ? { ...snapshot, source: { ...snapshot.source, complete: true } } : snapshot;
}
function live(text: string): ClusterSnapshot {
  const snapshot = manifests(text);
  return { ...snapshot, source: { type: 'cluster', location: 'https://cluster.example' } };
}
const resultOf = (snapshot: ClusterSnapshot, rule: AnyRule) => evaluateRules(snapshot, [rule]);

describe('evidence scopes', () => {
  it('object: the object alone decides, in manifest and live mode alike', () => {
    for (const snapshot of [manifests(workloads), live(workloads)]) {
      const report = resultOf(snapshot, containerPrivilegedRule);
      expect(report.results[0]).toMatchObject({ status: 'fail', open: 1 });
      expect(report.results[0]?.unassessed).toBeUndefined();
    }
  });

  it('related: a reference absent from the manifests is named and neither passes nor fails; live it is a verdict', () => {
    const manifest = resultOf(manifests(workloads), serviceSelectsNoPodsRule);
    expect(manifest.findings).toEqual([]);
    expect(manifest.results[0]).toMatchObject({
      status: 'not-assessable',
      unassessed: [
        {
          resource: { kind: 'Service', namespace: 'shop', name: 'cart' },
          reason: 'no workload in the inputs has the labels {"app":"cart"} (namespace shop)',
        },
      ],
    });
    expect(resultOf(live(workloads), serviceSelectsNoPodsRule).results[0]).toMatchObject({
      status: 'fail',
      open: 1,
    });
    expect(resultOf(manifests(workloads, true), serviceSelectsNoPodsRule).results[0]?.status).toBe('fail');

    const rbac = resultOf(manifests(workloads), rbacCreatePodsRule).results[0];
    expect(rbac).toMatchObject({ status: 'not-assessable' });
    expect(rbac?.reason).toContain('Role `deployer` is not in the inputs (namespace shop)');
    // On a cluster a binding to a missing Role grants nothing.
    expect(resultOf(live(workloads), rbacCreatePodsRule).results[0]).toMatchObject({ status: 'pass' });
  });

  it('namespace-inventory: judged only in namespaces the inputs declare; live, in every namespace', () => {
    const undeclared = resultOf(manifests(workloads), namespaceNoLimitRangeRule);
    expect(undeclared.results[0]).toMatchObject({ status: 'not-assessable', open: 0 });
    expect(undeclared.results[0]?.reason).toContain('declare no Namespace object');
    expect(undeclared.findings).toEqual([]);

    const declared = resultOf(manifests(workloads + shopNamespace), namespaceNoLimitRangeRule);
    expect(declared.results[0]).toMatchObject({ status: 'fail', open: 1 });
    expect(declared.findings.map((finding) => finding.resource.name)).toEqual(['shop']);
    expect(declared.results[0]?.unassessed).toEqual([
      {
        resource: expect.objectContaining({ name: 'default' }),
        reason: expect.stringContaining('namespace `default` is not declared in the inputs'),
      },
    ]);

    const cluster = resultOf(live(workloads), namespaceNoLimitRangeRule);
    expect(cluster.findings.map((finding) => finding.resource.name).sort()).toEqual(['default', 'shop']);
    expect(resultOf(manifests(workloads, true), namespaceNoLimitRangeRule).results[0]?.open).toBe(2);
  });

  it('cluster-inventory: never from manifests unless they are complete; live it fails when no agent runs', () => {
    const manifest = resultOf(manifests(workloads), monitoringLogAgentMissingRule);
    expect(manifest.results[0]).toMatchObject({ status: 'not-assessable' });
    expect(manifest.results[0]?.reason).toContain('cluster-inventory');
    expect(manifest.findings).toEqual([]);
    expect(resultOf(live(workloads), monitoringLogAgentMissingRule).results[0]?.status).toBe('fail');
    expect(resultOf(manifests(workloads, true), monitoringLogAgentMissingRule).results[0]?.status).toBe(
      'fail',
    );
  });

  it('cluster-config: never from manifests unless they are complete; live it reads the server version', () => {
    const withVersion = (snapshot: ClusterSnapshot): ClusterSnapshot => ({
      ...snapshot,
      serverVersion: { major: '1', minor: '24', gitVersion: 'v1.24.17' },
    });
    const manifest = resultOf(withVersion(manifests(workloads)), patchingServerVersionEolRule);
    expect(manifest.results[0]).toMatchObject({ status: 'not-assessable' });
    expect(manifest.results[0]?.reason).toContain('cluster-config');
    expect(resultOf(withVersion(live(workloads)), patchingServerVersionEolRule).results[0]?.status).toBe(
      'fail',
    );
  });

  it('excludes not-assessable rules from the score and counts them', () => {
    const report = evaluateRules(manifests(workloads), [
      containerPrivilegedRule,
      monitoringLogAgentMissingRule,
      namespaceNoLimitRangeRule,
    ]);
    expect(report.score).toMatchObject({
      score: 50,
      counted: { pass: 0, fail: 1 },
      excluded: { notApplicable: 0, notAssessable: 2, manual: 0, error: 0 },
    });
  });
});

describe('messages for unset fields', () => {
  it('say that metadata.namespace is not set and what that means, instead of claiming default', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: { name: unset }
spec: { containers: [{ name: web, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: explicit, namespace: default }
spec: { containers: [{ name: web, image: "nginx:1.27" }] }
`;
    const messages = evaluateRules(manifests(text), [namespaceDefaultWorkloadsRule]).findings.map(
      (finding) => finding.message,
    );
    expect(messages).toEqual([
      'metadata.namespace is not set (Pod unset): it lands in the namespace that `kubectl apply -n` or the kustomization names, and in default when neither does',
      'metadata.namespace is default (Pod explicit)',
    ]);
  });
});
