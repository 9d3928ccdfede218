import { defineFramework } from './framework.js';

const notFromApi = 'not decidable from the Kubernetes API objects meshguard reads; review by hand';

/** CIS Kubernetes Benchmark v1.10: section 5 (policies) plus the API-observable parts of the control plane sections. */
export const cisKubernetesV110 = defineFramework({
  id: 'cis-k8s-v1.10',
  title: 'CIS Kubernetes Benchmark',
  version: '1.10.0',
  url: 'https://www.cisecurity.org/benchmark/kubernetes',
  controls: [
    {
      id: '3.2.1',
      title: 'Ensure that a minimal audit policy is created',
      rules: ['monitoring-audit-logging'],
    },
    {
      id: '5.1.1',
      title: 'Ensure that the cluster-admin role is only used where required',
      rules: ['rbac-cluster-admin-binding'],
    },
    {
      id: '5.1.2',
      title: 'Minimize access to secrets',
      rules: ['secret-rbac-broad-read', 'rbac-workload-secrets-access'],
    },
    { id: '5.1.3', title: 'Minimize wildcard use in Roles and ClusterRoles', rules: ['rbac-wildcard-rules'] },
    { id: '5.1.4', title: 'Minimize access to create pods', rules: ['rbac-create-pods'] },
    {
      id: '5.1.5',
      title: 'Ensure that default service accounts are not actively used',
      rules: ['rbac-default-service-account'],
    },
    {
      id: '5.1.6',
      title: 'Ensure that Service Account Tokens are only mounted where necessary',
      rules: ['pod-service-account-token-automount'],
    },
    {
      id: '5.1.7',
      title: 'Avoid use of system:masters group',
      rules: [],
      manual: 'membership of system:masters is in client certificates, not in RBAC objects',
    },
    {
      id: '5.1.8',
      title: 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
      rules: ['rbac-escalate-bind-impersonate'],
    },
    { id: '5.1.9', title: 'Minimize access to create persistent volumes', rules: [], manual: notFromApi },
    {
      id: '5.1.10',
      title: 'Minimize access to the proxy sub-resource of nodes',
      rules: [],
      manual: notFromApi,
    },
    {
      id: '5.1.11',
      title: 'Minimize access to the approval sub-resource of certificatesigningrequests objects',
      rules: [],
      manual: notFromApi,
    },
    {
      id: '5.1.12',
      title: 'Minimize access to webhook configuration objects',
      rules: [],
      manual: notFromApi,
    },
    {
      id: '5.1.13',
      title: 'Minimize access to the service account token creation',
      rules: [],
      manual: notFromApi,
    },
    {
      id: '5.2.1',
      title: 'Ensure that the cluster has at least one active policy control mechanism in place',
      rules: ['namespace-psa-labels'],
    },
    {
      id: '5.2.2',
      title: 'Minimize the admission of privileged containers',
      rules: ['container-privileged'],
    },
    {
      id: '5.2.3',
      title: 'Minimize the admission of containers wishing to share the host process ID namespace',
      rules: ['pod-host-pid'],
    },
    {
      id: '5.2.4',
      title: 'Minimize the admission of containers wishing to share the host IPC namespace',
      rules: ['pod-host-ipc'],
    },
    {
      id: '5.2.5',
      title: 'Minimize the admission of containers wishing to share the host network namespace',
      rules: ['pod-host-network'],
    },
    {
      id: '5.2.6',
      title: 'Minimize the admission of containers with allowPrivilegeEscalation',
      rules: ['container-privilege-escalation'],
    },
    {
      id: '5.2.7',
      title: 'Minimize the admission of root containers',
      rules: ['container-run-as-non-root', 'container-run-as-root-user'],
    },
    {
      id: '5.2.8',
      title: 'Minimize the admission of containers with the NET_RAW capability',
      rules: ['container-net-raw-not-dropped'],
    },
    {
      id: '5.2.9',
      title: 'Minimize the admission of containers with added capabilities',
      rules: ['container-capabilities-baseline', 'container-capabilities-restricted-add'],
    },
    {
      id: '5.2.10',
      title: 'Minimize the admission of containers with capabilities assigned',
      rules: ['container-capabilities-drop-all'],
    },
    {
      id: '5.2.11',
      title: 'Minimize the admission of Windows HostProcess containers',
      rules: ['pod-windows-host-process'],
    },
    { id: '5.2.12', title: 'Minimize the admission of HostPath volumes', rules: ['pod-host-path-volume'] },
    {
      id: '5.2.13',
      title: 'Minimize the admission of containers which use HostPorts',
      rules: ['container-host-port'],
    },
    {
      id: '5.3.1',
      title: 'Ensure that the CNI in use supports NetworkPolicies',
      rules: ['daemonset-required-agents'],
      manual:
        'meshguard checks the configured CNI agent runs everywhere; whether it enforces policies is a property of the CNI',
    },
    {
      id: '5.3.2',
      title: 'Ensure that all Namespaces have NetworkPolicies defined',
      rules: [
        'netpol-namespace-default-deny-ingress',
        'netpol-namespace-default-deny-egress',
        'netpol-workload-not-isolated',
      ],
    },
    {
      id: '5.4.1',
      title: 'Prefer using Secrets as files over Secrets as environment variables',
      rules: ['secret-in-env-var'],
    },
    {
      id: '5.4.2',
      title: 'Consider external secret storage',
      rules: [],
      manual: 'an organisational choice; see secret-encryption-at-rest for what the API shows',
    },
    {
      id: '5.5.1',
      title: 'Configure Image Provenance using ImagePolicyWebhook admission controller',
      rules: ['container-image-untrusted-registry', 'container-image-digest-unpinned'],
    },
    {
      id: '5.7.1',
      title: 'Create administrative boundaries between resources using namespaces',
      rules: [
        'namespace-environment-mixing',
        'namespace-environment-reachable',
        'namespace-default-workloads',
      ],
    },
    {
      id: '5.7.2',
      title: 'Ensure that the seccomp profile is set to docker/default in your Pod definitions',
      rules: ['container-seccomp-profile-missing', 'pod-seccomp-unconfined'],
    },
    {
      id: '5.7.3',
      title: 'Apply Security Context to Your Pods and Containers',
      rules: [
        'container-read-only-root-filesystem',
        'container-run-as-non-root',
        'container-privilege-escalation',
        'container-capabilities-drop-all',
      ],
    },
    {
      id: '5.7.4',
      title: 'The default namespace should not be used',
      rules: ['namespace-default-workloads'],
    },
  ],
});
