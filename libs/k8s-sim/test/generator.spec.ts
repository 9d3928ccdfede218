import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  clusterMisconfigurations,
  generateCluster,
  planCluster,
  plannedCounts,
  presetSizes,
  syntheticRates,
  type K8sObject,
  type PresetName,
} from '../src/index.js';

type Obj = K8sObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

function generate(preset: PresetName, seed = 42): Obj[] {
  return [...generateCluster(preset, { seed })] as Obj[];
}

function digest(objects: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const o of objects) hash.update(JSON.stringify(o));
  return hash.digest('hex');
}

function byKind(objects: readonly Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind && o.apiVersion !== 'crd.projectcalico.org/v1');
}

/** A documented rate holds exactly, to within one item, over its population. */
function expectRate(label: string, count: number, population: number, rate: number): void {
  expect(population, `${label}: empty population`).toBeGreaterThan(0);
  expect(
    Math.abs(count - rate * population),
    `${label}: ${count} of ${population}, expected rate ${rate}`,
  ).toBeLessThanOrEqual(1);
}

function sizeOf(objects: readonly Obj[]) {
  return {
    pods: byKind(objects, 'Pod').length,
    namespaces: byKind(objects, 'Namespace').length,
    networkpolicies: byKind(objects, 'NetworkPolicy').length,
    services: byKind(objects, 'Service').length,
    ingresses: byKind(objects, 'Ingress').length,
    configmaps: byKind(objects, 'ConfigMap').length,
    secrets: byKind(objects, 'Secret').length,
  };
}

function targets(preset: PresetName) {
  const s = presetSizes[preset];
  return {
    pods: s.pods,
    namespaces: s.namespaces,
    networkpolicies: s.networkPolicies,
    services: s.services,
    ingresses: s.ingresses,
    configmaps: s.configMaps,
    secrets: s.secrets,
  };
}

describe('synthetic generator', () => {
  const s = generate('S');

  it('is deterministic for a seed and differs for another seed', () => {
    expect(digest(generate('S'))).toBe(digest(s));
    expect(digest(generate('S', 43))).not.toBe(digest(s));
  });

  it('hits the demo and S sizes exactly, and the plan predicts what it generates', () => {
    expect(sizeOf(s)).toEqual(targets('S'));
    const demo = generate('demo');
    expect(sizeOf(demo)).toEqual(targets('demo'));
    expect(plannedCounts(planCluster('S'))).toEqual(sizeOf(s));
    expect(plannedCounts(planCluster('demo'))).toEqual(sizeOf(demo));
  });

  it('plans M and L at their documented sizes (counted from the plan, without building objects)', () => {
    expect(plannedCounts(planCluster('M'))).toEqual(targets('M'));
    expect(plannedCounts(planCluster('L'))).toEqual(targets('L'));
  });

  it('gives every object a unique identity and resolvable ownerReferences', () => {
    const keys = new Set(
      s.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`),
    );
    expect(keys.size).toBe(s.length);
    const byUid = new Map(s.map((o) => [o.metadata.uid, o]));
    expect(byUid.size).toBe(s.length);
    for (const o of s) {
      for (const ref of (o.metadata.ownerReferences as
        { kind: string; name: string; uid: string }[] | undefined) ?? []) {
        const owner = byUid.get(ref.uid);
        expect(owner, `${o.kind} ${o.metadata.name} owner ${ref.kind}/${ref.name}`).toBeDefined();
        expect([owner?.kind, owner?.metadata.name, owner?.metadata.namespace]).toEqual([
          ref.kind,
          ref.name,
          o.metadata.namespace,
        ]);
      }
    }
    const pods = byKind(s, 'Pod');
    expect(pods.every((p) => (p.metadata.ownerReferences as unknown[] | undefined)?.length === 1)).toBe(true);
    const ownerKinds = new Set(pods.map((p) => (p.metadata.ownerReferences as { kind: string }[])[0]!.kind));
    expect([...ownerKinds].sort()).toEqual(['DaemonSet', 'Job', 'ReplicaSet', 'StatefulSet']);
    const nodes = new Set(byKind(s, 'Node').map((n) => n.metadata.name));
    expect(pods.every((p) => nodes.has(p.spec?.nodeName as string))).toBe(true);
    const podNames = new Set(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    for (const slice of byKind(s, 'EndpointSlice')) {
      for (const e of (slice.endpoints as { targetRef: { name: string } }[] | undefined) ?? [])
        expect(podNames.has(`${slice.metadata.namespace}/${e.targetRef.name}`)).toBe(true);
    }
  });

  it('realizes the documented namespace-level proportions', () => {
    const teamNs = byKind(s, 'Namespace').filter((n) => n.metadata.labels?.team);
    const policies = byKind(s, 'NetworkPolicy');
    const stance = (ns: string) => {
      const names = policies.filter((p) => p.metadata.namespace === ns).map((p) => p.metadata.name);
      if (names.length === 0) return 'none';
      if (names.includes('default-deny-all')) return 'deny-all';
      if (names.includes('default-deny-ingress')) return 'deny-ingress';
      return 'allow-only';
    };
    const stances = teamNs.map((n) => stance(n.metadata.name));
    const count = (v: string) => stances.filter((x) => x === v).length;
    expectRate('no netpol', count('none'), teamNs.length, syntheticRates.namespaceWithoutNetworkPolicy);
    expectRate('deny all', count('deny-all'), teamNs.length, syntheticRates.namespaceDefaultDenyAll);
    expectRate(
      'deny ingress',
      count('deny-ingress'),
      teamNs.length,
      syntheticRates.namespaceDefaultDenyIngressOnly,
    );
    expectRate('allow only', count('allow-only'), teamNs.length, syntheticRates.namespaceAllowPoliciesOnly);
    const enforce = (v: string) =>
      teamNs.filter((n) => n.metadata.labels?.['pod-security.kubernetes.io/enforce'] === v).length;
    expectRate('psa restricted', enforce('restricted'), teamNs.length, syntheticRates.namespacePsaRestricted);
    expectRate('psa baseline', enforce('baseline'), teamNs.length, syntheticRates.namespacePsaBaseline);
    const warnOnly = teamNs.filter(
      (n) =>
        n.metadata.labels?.['pod-security.kubernetes.io/warn'] &&
        !n.metadata.labels['pod-security.kubernetes.io/enforce'],
    ).length;
    expectRate('psa warn only', warnOnly, teamNs.length, syntheticRates.namespacePsaWarnOnly);
    const wildcard = byKind(s, 'Role').filter((r) =>
      (r.rules as { verbs: string[]; resources: string[] }[]).some(
        (rule) => rule.verbs.includes('*') && rule.resources.includes('*'),
      ),
    );
    expectRate('wildcard roles', wildcard.length, teamNs.length, syntheticRates.namespaceRoleWithWildcards);
  });

  it('realizes the documented workload proportions over team pod templates', () => {
    const teamNs = new Set(
      byKind(s, 'Namespace')
        .filter((n) => n.metadata.labels?.team)
        .map((n) => n.metadata.name),
    );
    const templates = s
      .filter(
        (o) =>
          teamNs.has(o.metadata.namespace ?? '') && ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind),
      )
      .map((o) => {
        const template =
          o.kind === 'CronJob'
            ? ((o.spec?.jobTemplate as { spec: { template: unknown } }).spec.template as {
                spec: Record<string, unknown>;
              })
            : (o.spec?.template as { spec: Record<string, unknown> });
        return template.spec as {
          hostNetwork?: boolean;
          hostPID?: boolean;
          serviceAccountName: string;
          securityContext: { runAsNonRoot?: boolean };
          volumes: { hostPath?: unknown }[];
          containers: {
            image: string;
            resources: { limits?: unknown };
            securityContext: { privileged?: boolean; allowPrivilegeEscalation?: boolean };
          }[];
        };
      });
    const n = templates.length;
    const count = (f: (t: (typeof templates)[number]) => boolean) => templates.filter(f).length;
    const r = syntheticRates;
    expectRate(
      'privileged',
      count((t) => t.containers.some((c) => c.securityContext.privileged === true)),
      n,
      r.workloadPrivileged,
    );
    expectRate(
      'hostNetwork',
      count((t) => t.hostNetwork === true),
      n,
      r.workloadHostNetwork,
    );
    expectRate(
      'hostPID',
      count((t) => t.hostPID === true),
      n,
      r.workloadHostPID,
    );
    expectRate(
      'hostPath',
      count((t) => t.volumes.some((v) => v.hostPath)),
      n,
      r.workloadHostPathVolume,
    );
    expectRate(
      'may run as root',
      count((t) => t.securityContext.runAsNonRoot !== true),
      n,
      r.workloadMayRunAsRoot,
    );
    const unprivileged = templates.filter((t) => !t.containers.some((c) => c.securityContext.privileged));
    expectRate(
      'allowPrivilegeEscalation',
      unprivileged.filter((t) =>
        t.containers.some((c) => c.securityContext.allowPrivilegeEscalation === true),
      ).length,
      unprivileged.length,
      r.workloadAllowPrivilegeEscalation,
    );
    expectRate(
      'no limits',
      count((t) => t.containers.some((c) => !c.resources.limits)),
      n,
      r.workloadNoResourceLimits,
    );
    expectRate(
      'latest tag',
      count((t) => t.containers.some((c) => c.image.endsWith(':latest'))),
      n,
      r.workloadLatestImageTag,
    );
    expectRate(
      'default SA',
      count((t) => t.serviceAccountName === 'default'),
      n,
      r.workloadDefaultServiceAccount,
    );
  });

  it('realizes the documented service, ingress, config, secret and policy proportions', () => {
    const teamNs = new Set(
      byKind(s, 'Namespace')
        .filter((n) => n.metadata.labels?.team)
        .map((n) => n.metadata.name),
    );
    const inTeam = (kind: string) => byKind(s, kind).filter((o) => teamNs.has(o.metadata.namespace ?? ''));
    const r = syntheticRates;
    const workloadServices = inTeam('Service').filter(
      (svc) => svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIP !== 'None',
    );
    expectRate(
      'NodePort',
      workloadServices.filter((x) => x.spec?.type === 'NodePort').length,
      workloadServices.length,
      r.serviceNodePort,
    );
    expectRate(
      'LoadBalancer',
      workloadServices.filter((x) => x.spec?.type === 'LoadBalancer').length,
      workloadServices.length,
      r.serviceLoadBalancer,
    );
    const ingresses = inTeam('Ingress');
    expectRate(
      'ingress without TLS',
      ingresses.filter((i) => !i.spec?.tls).length,
      ingresses.length,
      r.ingressWithoutTls,
    );
    const appConfigMaps = inTeam('ConfigMap').filter((c) => c.metadata.name !== 'kube-root-ca.crt');
    const secretLooking = appConfigMaps.filter((c) =>
      Object.keys(c.data as object).some((k) =>
        ['DATABASE_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'tls.key'].includes(k),
      ),
    );
    expectRate(
      'secret-looking configmaps',
      secretLooking.length,
      appConfigMaps.length,
      r.configMapSecretLookingValue,
    );
    const allow = inTeam('NetworkPolicy').filter((p) => !p.metadata.name.startsWith('default-deny'));
    expectRate(
      'allow-all ingress',
      allow.filter((p) => JSON.stringify(p.spec?.ingress) === '[{}]').length,
      allow.length,
      r.networkPolicyAllowAllIngress,
    );
    expectRate(
      'egress anywhere',
      allow.filter((p) => JSON.stringify(p.spec?.egress ?? []).includes('0.0.0.0/0')).length,
      allow.length,
      r.networkPolicyEgressAnywhere,
    );
    const secrets = inTeam('Secret');
    const type = (t: string) => secrets.filter((x) => x.type === t).length;
    expectRate('tls secrets', type('kubernetes.io/tls'), secrets.length, r.secretTypeTls);
    expectRate(
      'docker secrets',
      type('kubernetes.io/dockerconfigjson'),
      secrets.length,
      r.secretTypeDockerConfigJson,
    );
    expectRate(
      'sa token secrets',
      type('kubernetes.io/service-account-token'),
      secrets.length,
      r.secretTypeServiceAccountToken,
    );
    expectRate('helm secrets', type('helm.sh/release.v1'), secrets.length, r.secretTypeHelmRelease);
  });

  it('includes the documented cluster-level misconfigurations and system workloads', () => {
    const names = (kind: string) => byKind(s, kind).map((o) => o.metadata.name);
    expect(names('ClusterRoleBinding')).toEqual(
      expect.arrayContaining([
        clusterMisconfigurations.anonymousBinding,
        clusterMisconfigurations.serviceAccountClusterAdmin,
        clusterMisconfigurations.clusterWideSecretsReader,
      ]),
    );
    expect(names('ClusterRole')).toContain(clusterMisconfigurations.clusterWideSecretsReader);
    const webhook = byKind(s, 'ValidatingWebhookConfiguration').find(
      (w) => w.metadata.name === clusterMisconfigurations.webhookFailOpen,
    );
    expect((webhook?.webhooks as { failurePolicy: string }[])[0]?.failurePolicy).toBe('Ignore');
    const ds = byKind(s, 'DaemonSet');
    expect(ds.map((d) => d.metadata.name).sort()).toEqual(['cni-agent', 'kube-proxy', 'node-exporter']);
    const dsPods = byKind(s, 'Pod').filter(
      (p) => (p.metadata.ownerReferences as { kind: string }[])[0]!.kind === 'DaemonSet',
    );
    expect(dsPods).toHaveLength(3 * presetSizes.S.nodes);
    expect(
      byKind(s, 'Service').filter(
        (x) => x.spec?.type === 'LoadBalancer' && x.metadata.namespace === 'ingress-nginx',
      ),
    ).toHaveLength(1);
  });
});
