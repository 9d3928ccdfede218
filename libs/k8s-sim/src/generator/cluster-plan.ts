import { distribute, Quota, Rng } from './generator-random.js';
import { presetSizes, syntheticRates, type PresetName, type PresetSize } from './presets.js';

/** Security-relevant choices for one pod template. */
export interface PodTemplateFlags {
  privileged: boolean;
  hostNetwork: boolean;
  hostPID: boolean;
  hostPath: boolean;
  mayRunAsRoot: boolean;
  allowPrivilegeEscalation: boolean;
  noLimits: boolean;
  latestTag: boolean;
  defaultServiceAccount: boolean;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface WorkloadPlan {
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  name: string;
  replicas: number;
  flags: PodTemplateFlags;
  /** Deployments keep an old, scaled-down ReplicaSet after a rollout. */
  oldReplicaSet: boolean;
  service?: ServiceType;
}

export type NetworkPolicyStance = 'none' | 'deny-all' | 'deny-ingress' | 'allow-only';
export type PsaStance = 'restricted' | 'baseline' | 'warn-only' | 'none';

export interface NamespacePlan {
  name: string;
  team: string;
  env: string;
  psa: PsaStance;
  netpol: NetworkPolicyStance;
  /** NetworkPolicies in the namespace, default-deny included. */
  networkPolicies: number;
  /** Indexes (0-based, among allow-policies) of allow-all-ingress and egress-anywhere policies. */
  allowAllIngressPolicies: number[];
  egressAnywherePolicies: number[];
  workloads: WorkloadPlan[];
  /** Services beyond one per exposed workload (metrics, ExternalName). */
  extraServices: number;
  ingresses: { tls: boolean }[];
  /** App ConfigMaps (kube-root-ca.crt not included); entries flag a secret-looking value. */
  configMaps: boolean[];
  secrets: SecretKind[];
  wildcardRole: boolean;
}

export type SecretKind =
  | 'Opaque'
  | 'kubernetes.io/tls'
  | 'kubernetes.io/dockerconfigjson'
  | 'kubernetes.io/service-account-token'
  | 'helm.sh/release.v1';

export interface ClusterPlan {
  preset: PresetName;
  seed: number;
  size: PresetSize;
  teams: string[];
  nodes: number;
  systemNamespaces: string[];
  namespaces: NamespacePlan[];
}

const teamNames = [
  'payments',
  'checkout',
  'search',
  'catalog',
  'identity',
  'billing',
  'analytics',
  'ml-platform',
  'notifications',
  'inventory',
  'shipping',
  'recommendations',
  'fraud',
  'data-pipeline',
  'web',
  'mobile-api',
  'pricing',
  'reviews',
  'loyalty',
  'support',
];
const envs = ['prod', 'staging', 'dev'];
const appNames = [
  'api',
  'web',
  'worker',
  'frontend',
  'gateway',
  'db',
  'cache',
  'consumer',
  'scheduler',
  'exporter',
  'auth',
  'search',
  'indexer',
  'mailer',
  'reports',
];

/** Namespaces every cluster has, with the pods/services they hold outside the team budget. */
export const systemNamespaces = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'ingress-nginx',
  'monitoring',
];
/** DaemonSets in kube-system (one pod per node each). */
export const systemDaemonSets = ['kube-proxy', 'cni-agent', 'node-exporter'] as const;
/** Deployments in system namespaces with their replicas: [namespace, name, replicas, service?]. */
export const systemDeployments: readonly [string, string, number, boolean][] = [
  ['kube-system', 'coredns', 2, true],
  ['kube-system', 'metrics-server', 1, true],
  ['ingress-nginx', 'ingress-nginx-controller', 2, true],
  ['monitoring', 'prometheus', 1, true],
];

export function systemPodCount(nodes: number): number {
  return nodes * systemDaemonSets.length + systemDeployments.reduce((n, d) => n + d[2], 0);
}

export function systemServiceCount(): number {
  // `kubernetes` in default, plus one per system deployment that has a service.
  return 1 + systemDeployments.filter((d) => d[3]).length;
}

function teamList(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i < teamNames.length
      ? teamNames[i]!
      : `${teamNames[i % teamNames.length]}-${Math.floor(i / teamNames.length) + 1}`,
  );
}

function phase(rng: Rng): number {
  return rng.float();
}

function quotas<K extends string>(rng: Rng, rates: Record<K, number>): Record<K, Quota> {
  const out = {} as Record<K, Quota>;
  for (const key of Object.keys(rates) as K[]) out[key] = new Quota(rates[key], phase(rng));
  return out;
}

/** One of several categories, each realized exactly at its rate (the last takes the remainder). */
class CategoryQuota<T> {
  private readonly accumulators: number[];
  private count = 0;
  private readonly assigned: number[];

  constructor(private readonly categories: readonly [T, number][]) {
    this.accumulators = categories.map(() => 0);
    this.assigned = categories.map(() => 0);
  }

  next(): T {
    this.count++;
    // Pick the category furthest behind its target share.
    let best = 0;
    let bestDeficit = -Infinity;
    this.categories.forEach(([, rate], i) => {
      const deficit = rate * this.count - this.assigned[i]!;
      if (deficit > bestDeficit + 1e-12) {
        best = i;
        bestDeficit = deficit;
      }
    });
    this.assigned[best]!++;
    return this.categories[best]![0];
  }
}

/**
 * Decides, deterministically for a preset and seed, every namespace, workload and misconfiguration of a synthetic
 * cluster without building any object: cheap even for preset L, and the source of its exact object counts.
 */
export function planCluster(preset: PresetName, seed = 42): ClusterPlan {
  const size = presetSizes[preset];
  const rng = new Rng(seed);
  const teams = teamList(size.teams);
  const teamNamespaceCount = size.namespaces - systemNamespaces.length;
  const r = syntheticRates;

  const netpolStance = new CategoryQuota<NetworkPolicyStance>([
    ['none', r.namespaceWithoutNetworkPolicy],
    ['deny-all', r.namespaceDefaultDenyAll],
    ['deny-ingress', r.namespaceDefaultDenyIngressOnly],
    ['allow-only', r.namespaceAllowPoliciesOnly],
  ]);
  const psaStance = new CategoryQuota<PsaStance>([
    ['restricted', r.namespacePsaRestricted],
    ['baseline', r.namespacePsaBaseline],
    ['warn-only', r.namespacePsaWarnOnly],
    ['none', 1 - r.namespacePsaRestricted - r.namespacePsaBaseline - r.namespacePsaWarnOnly],
  ]);
  const nsQuota = quotas(rng, { wildcardRole: r.namespaceRoleWithWildcards });
  const wq = quotas(rng, {
    privileged: r.workloadPrivileged,
    hostNetwork: r.workloadHostNetwork,
    hostPID: r.workloadHostPID,
    hostPath: r.workloadHostPathVolume,
    mayRunAsRoot: r.workloadMayRunAsRoot,
    allowPrivilegeEscalation: r.workloadAllowPrivilegeEscalation,
    noLimits: r.workloadNoResourceLimits,
    latestTag: r.workloadLatestImageTag,
    defaultServiceAccount: r.workloadDefaultServiceAccount,
  });
  const serviceType = new CategoryQuota<ServiceType>([
    ['NodePort', r.serviceNodePort],
    ['LoadBalancer', r.serviceLoadBalancer],
    ['ClusterIP', 1 - r.serviceNodePort - r.serviceLoadBalancer],
  ]);
  const ingressNoTls = new Quota(r.ingressWithoutTls, phase(rng));
  const cmSecretLooking = new Quota(r.configMapSecretLookingValue, phase(rng));
  const allowAll = new Quota(r.networkPolicyAllowAllIngress, phase(rng));
  const egressAnywhere = new Quota(r.networkPolicyEgressAnywhere, phase(rng));
  const secretKind = new CategoryQuota<SecretKind>([
    ['kubernetes.io/tls', r.secretTypeTls],
    ['kubernetes.io/dockerconfigjson', r.secretTypeDockerConfigJson],
    ['kubernetes.io/service-account-token', r.secretTypeServiceAccountToken],
    ['helm.sh/release.v1', r.secretTypeHelmRelease],
    [
      'Opaque',
      1 -
        r.secretTypeTls -
        r.secretTypeDockerConfigJson -
        r.secretTypeServiceAccountToken -
        r.secretTypeHelmRelease,
    ],
  ]);

  // Namespace names: team-env, then team-env-2, … once every team has all three environments.
  const nsNames: { name: string; team: string; env: string }[] = [];
  for (let i = 0; nsNames.length < teamNamespaceCount; i++) {
    const team = teams[i % teams.length]!;
    const round = Math.floor(i / teams.length);
    const env = envs[round % envs.length]!;
    const copy = Math.floor(round / envs.length);
    nsNames.push({ name: copy === 0 ? `${team}-${env}` : `${team}-${env}-${copy + 1}`, team, env });
  }
  const weights = nsNames.map((n) => (n.env === 'prod' ? 2 : 1) * (0.5 + rng.float()));
  const podBudget = distribute(size.pods - systemPodCount(size.nodes), weights, 1);
  const serviceBudget = distribute(size.services - systemServiceCount(), weights, 1);
  const cmBudget = distribute(size.configMaps - size.namespaces, weights);
  const secretBudget = distribute(size.secrets, weights);
  const stances = nsNames.map(() => netpolStance.next());
  const withPolicies = stances.flatMap((s, i) => (s === 'none' ? [] : [i]));
  const netpolShares = distribute(
    size.networkPolicies,
    withPolicies.map((i) => weights[i]!),
    1,
  );
  const netpolBudget = stances.map(() => 0);
  withPolicies.forEach((nsIndex, k) => (netpolBudget[nsIndex] = netpolShares[k]!));
  const ingressBudget = distribute(
    size.ingresses,
    weights.map((w, i) => (serviceBudget[i]! > 0 ? w : 0)),
  );

  const namespaces: NamespacePlan[] = nsNames.map((ns, i) => {
    const workloads: WorkloadPlan[] = [];
    let pods = podBudget[i]!;
    let services = serviceBudget[i]!;
    const used = new Map<string, number>();
    while (pods > 0) {
      const roll = rng.float();
      const kind: WorkloadPlan['kind'] = roll < 0.75 ? 'Deployment' : roll < 0.9 ? 'StatefulSet' : 'CronJob';
      const max = kind === 'Deployment' ? 5 : kind === 'StatefulSet' ? 3 : 1;
      const replicas = Math.min(pods, rng.int(1, max));
      pods -= replicas;
      const base = rng.pick(appNames);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      const name = n === 1 ? base : `${base}-${n}`;
      const privileged = wq.privileged.next();
      const flags: PodTemplateFlags = {
        privileged,
        hostNetwork: wq.hostNetwork.next(),
        hostPID: wq.hostPID.next(),
        hostPath: wq.hostPath.next(),
        mayRunAsRoot: wq.mayRunAsRoot.next(),
        allowPrivilegeEscalation: !privileged && wq.allowPrivilegeEscalation.next(),
        noLimits: wq.noLimits.next(),
        latestTag: wq.latestTag.next(),
        defaultServiceAccount: wq.defaultServiceAccount.next(),
      };
      const workload: WorkloadPlan = {
        kind,
        name,
        replicas,
        flags,
        oldReplicaSet: kind === 'Deployment' && rng.chance(0.3),
      };
      if (kind !== 'CronJob' && services > 0) {
        workload.service = serviceType.next();
        services--;
      }
      workloads.push(workload);
    }
    const netpol = stances[i]!;
    const networkPolicies = netpolBudget[i]!;
    const allowCount = netpol === 'allow-only' ? networkPolicies : Math.max(0, networkPolicies - 1);
    const allowAllIngressPolicies: number[] = [];
    const egressAnywherePolicies: number[] = [];
    for (let k = 0; k < allowCount; k++) {
      if (allowAll.next()) allowAllIngressPolicies.push(k);
      if (egressAnywhere.next()) egressAnywherePolicies.push(k);
    }
    return {
      ...ns,
      psa: psaStance.next(),
      netpol,
      networkPolicies,
      allowAllIngressPolicies,
      egressAnywherePolicies,
      workloads,
      extraServices: services,
      ingresses: Array.from({ length: ingressBudget[i]! }, () => ({ tls: !ingressNoTls.next() })),
      configMaps: Array.from({ length: cmBudget[i]! }, () => cmSecretLooking.next()),
      secrets: Array.from({ length: secretBudget[i]! }, () => secretKind.next()),
      wildcardRole: nsQuota.wildcardRole.next(),
    };
  });
  return {
    preset,
    seed,
    size,
    teams,
    nodes: size.nodes,
    systemNamespaces: [...systemNamespaces],
    namespaces,
  };
}

/** Object counts the plan materializes into, computed without generating anything (cheap even for preset L). */
export function plannedCounts(
  plan: ClusterPlan,
): Record<
  'pods' | 'namespaces' | 'networkpolicies' | 'services' | 'ingresses' | 'configmaps' | 'secrets',
  number
> {
  let pods = systemPodCount(plan.nodes);
  let services = systemServiceCount();
  let networkpolicies = 0;
  let ingresses = 0;
  let configmaps = plan.systemNamespaces.length + plan.namespaces.length;
  let secrets = 0;
  for (const ns of plan.namespaces) {
    for (const w of ns.workloads) {
      pods += w.replicas;
      if (w.service) services++;
    }
    services += ns.extraServices;
    networkpolicies += ns.networkPolicies;
    ingresses += ns.ingresses.length;
    configmaps += ns.configMaps.length;
    secrets += ns.secrets.length;
  }
  return {
    pods,
    namespaces: plan.systemNamespaces.length + plan.namespaces.length,
    networkpolicies,
    services,
    ingresses,
    configmaps,
    secrets,
  };
}
