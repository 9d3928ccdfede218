export type PresetName = 'demo' | 'S' | 'M' | 'L';

/** Target sizes of a synthetic cluster; the generator hits every target exactly. */
export interface PresetSize {
  teams: number;
  /** All namespaces, system ones included. */
  namespaces: number;
  nodes: number;
  /** All pods, DaemonSet and system pods included. */
  pods: number;
  networkPolicies: number;
  services: number;
  ingresses: number;
  /** ConfigMaps, including one `kube-root-ca.crt` per namespace. */
  configMaps: number;
  secrets: number;
}

export const presetSizes: Readonly<Record<PresetName, PresetSize>> = {
  demo: {
    teams: 3,
    namespaces: 10,
    nodes: 3,
    pods: 60,
    networkPolicies: 10,
    services: 16,
    ingresses: 4,
    configMaps: 24,
    secrets: 20,
  },
  S: {
    teams: 6,
    namespaces: 50,
    nodes: 12,
    pods: 1000,
    networkPolicies: 100,
    services: 100,
    ingresses: 20,
    configMaps: 400,
    secrets: 400,
  },
  M: {
    teams: 15,
    namespaces: 400,
    nodes: 80,
    pods: 10_000,
    networkPolicies: 1000,
    services: 1000,
    ingresses: 200,
    configMaps: 4000,
    secrets: 4000,
  },
  L: {
    teams: 40,
    namespaces: 2000,
    nodes: 300,
    pods: 50_000,
    networkPolicies: 5000,
    services: 5000,
    ingresses: 1000,
    configMaps: 20_000,
    secrets: 20_000,
  },
};

/**
 * The documented proportions of the synthetic data (what rules should find). Each rate is realized exactly
 * (to within one item) over its population, deterministically for a seed:
 * - `namespace*`: over team namespaces (system namespaces excluded);
 * - `workload*`: over team workload pod templates (Deployments, StatefulSets, CronJobs);
 * - `service*`, `ingress*`, `configMap*`, `secret*`, `networkPolicy*`: over the team-namespace objects of that kind
 *   that the description names (services with a selector, app ConfigMaps, allow-policies).
 */
export const syntheticRates = {
  /** Team namespaces with no NetworkPolicy at all. */
  namespaceWithoutNetworkPolicy: 0.3,
  /** Team namespaces with a default-deny for ingress and egress. */
  namespaceDefaultDenyAll: 0.4,
  /** Team namespaces with a default-deny for ingress only. */
  namespaceDefaultDenyIngressOnly: 0.15,
  /** The rest (0.15) have allow-policies but no default-deny. */
  namespaceAllowPoliciesOnly: 0.15,
  /** Team namespaces enforcing Pod Security Admission `restricted`. */
  namespacePsaRestricted: 0.25,
  /** Team namespaces enforcing `baseline`. */
  namespacePsaBaseline: 0.25,
  /** Team namespaces with PSA `warn` labels only (no enforcement); the rest (0.3) have no PSA labels. */
  namespacePsaWarnOnly: 0.2,
  /** Team namespaces with a Role granting `*` verbs on `*` resources, bound to the team's group. */
  namespaceRoleWithWildcards: 0.1,
  workloadPrivileged: 0.04,
  workloadHostNetwork: 0.03,
  workloadHostPID: 0.01,
  workloadHostPathVolume: 0.05,
  /** No `runAsNonRoot: true` at pod or container level. */
  workloadMayRunAsRoot: 0.35,
  /** Explicit `allowPrivilegeEscalation: true`, over non-privileged templates (privileged ones leave it unset). */
  workloadAllowPrivilegeEscalation: 0.2,
  workloadNoResourceLimits: 0.25,
  workloadLatestImageTag: 0.1,
  workloadDefaultServiceAccount: 0.15,
  /** Services (of workloads) exposed as NodePort. */
  serviceNodePort: 0.08,
  serviceLoadBalancer: 0.05,
  ingressWithoutTls: 0.4,
  /** App ConfigMaps holding a secret-looking value (password, AWS key, private key). */
  configMapSecretLookingValue: 0.05,
  /** Allow-policies whose ingress allows everything (`ingress: [{}]`). */
  networkPolicyAllowAllIngress: 0.1,
  /** Allow-policies with egress to 0.0.0.0/0. */
  networkPolicyEgressAnywhere: 0.1,
  secretTypeTls: 0.15,
  secretTypeDockerConfigJson: 0.1,
  /** Legacy long-lived service-account token Secrets. */
  secretTypeServiceAccountToken: 0.1,
  secretTypeHelmRelease: 0.05,
} as const;

/** Cluster-level misconfigurations present in every preset (exactly one of each). */
export const clusterMisconfigurations = {
  /** ClusterRoleBinding `legacy-view-anonymous` grants `view` to system:anonymous. */
  anonymousBinding: 'legacy-view-anonymous',
  /** ClusterRoleBinding `ci-cluster-admin` grants cluster-admin to the ci/deployer ServiceAccount. */
  serviceAccountClusterAdmin: 'ci-cluster-admin',
  /** ClusterRole `secrets-reader-all` grants get/list on secrets cluster-wide, bound to a team group. */
  clusterWideSecretsReader: 'secrets-reader-all',
  /** ValidatingWebhookConfiguration `policy-webhook` has failurePolicy Ignore. */
  webhookFailOpen: 'policy-webhook',
} as const;
