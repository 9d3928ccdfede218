import { defineFramework } from './framework.js';

/** CIS Kubernetes Benchmark v1.10: section 5 (policies) plus the API-observable parts of the control plane sections. */
export const cisKubernetesV110 = defineFramework({
  id: 'cis-k8s-v1.10',
  title: 'CIS Kubernetes Benchmark',
  version: '1.10.0',
  url: 'https://www.cisecurity.org/benchmark/kubernetes',
  controls: [
    {
      id: '1.2.1',
      title: 'Ensure that the --anonymous-auth argument is set to false',
      rules: ['control-plane-apiserver-anonymous-auth'],
    },
    {
      id: '1.2.2',
      title: 'Ensure that the --token-auth-file parameter is not set',
      rules: ['control-plane-apiserver-token-auth-file'],
    },
    {
      id: '1.2.3',
      title: 'Ensure that the --DenyServiceExternalIPs is set',
      rules: ['control-plane-apiserver-deny-service-external-ips'],
    },
    {
      id: '1.2.4',
      title:
        'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate',
      rules: ['control-plane-apiserver-kubelet-client-certificate'],
    },
    {
      id: '1.2.5',
      title: 'Ensure that the --kubelet-certificate-authority argument is set as appropriate',
      rules: ['control-plane-apiserver-kubelet-certificate-authority'],
    },
    {
      id: '1.2.6',
      title: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
      rules: ['control-plane-apiserver-authorization-always-allow'],
    },
    {
      id: '1.2.7',
      title: 'Ensure that the --authorization-mode argument includes Node',
      rules: ['control-plane-apiserver-authorization-node'],
    },
    {
      id: '1.2.8',
      title: 'Ensure that the --authorization-mode argument includes RBAC',
      rules: ['control-plane-apiserver-authorization-rbac'],
    },
    {
      id: '1.2.9',
      title: 'Ensure that the admission control plugin EventRateLimit is set',
      rules: ['control-plane-apiserver-admission-event-rate-limit'],
    },
    {
      id: '1.2.10',
      title: 'Ensure that the admission control plugin AlwaysAdmit is not set',
      rules: ['control-plane-apiserver-admission-always-admit'],
    },
    {
      id: '1.2.11',
      title: 'Ensure that the admission control plugin AlwaysPullImages is set',
      rules: ['control-plane-apiserver-admission-always-pull-images'],
    },
    {
      id: '1.2.12',
      title: 'Ensure that the admission control plugin ServiceAccount is set',
      rules: ['control-plane-apiserver-admission-service-account'],
    },
    {
      id: '1.2.13',
      title: 'Ensure that the admission control plugin NamespaceLifecycle is set',
      rules: ['control-plane-apiserver-admission-namespace-lifecycle'],
    },
    {
      id: '1.2.14',
      title: 'Ensure that the admission control plugin NodeRestriction is set',
      rules: ['control-plane-apiserver-admission-node-restriction'],
    },
    {
      id: '1.2.15',
      title: 'Ensure that the --profiling argument is set to false',
      rules: ['control-plane-apiserver-profiling'],
    },
    {
      id: '1.2.16',
      title: 'Ensure that the --audit-log-path argument is set',
      rules: ['control-plane-apiserver-audit-log-path', 'monitoring-audit-logging'],
    },
    {
      id: '1.2.17',
      title: 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate',
      rules: ['control-plane-apiserver-audit-log-maxage'],
    },
    {
      id: '1.2.18',
      title: 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate',
      rules: ['control-plane-apiserver-audit-log-maxbackup'],
    },
    {
      id: '1.2.19',
      title: 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate',
      rules: ['control-plane-apiserver-audit-log-maxsize'],
    },
    {
      id: '1.2.21',
      title: 'Ensure that the --service-account-lookup argument is set to true',
      rules: ['control-plane-apiserver-service-account-lookup'],
    },
    {
      id: '1.2.22',
      title: 'Ensure that the --service-account-key-file argument is set as appropriate',
      rules: ['control-plane-apiserver-service-account-key-file'],
    },
    {
      id: '1.2.23',
      title: 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate',
      rules: ['control-plane-apiserver-etcd-client-certificate'],
    },
    {
      id: '1.2.24',
      title: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate',
      rules: ['control-plane-apiserver-tls-certificate'],
    },
    {
      id: '1.2.25',
      title: 'Ensure that the --client-ca-file argument is set as appropriate',
      rules: ['control-plane-apiserver-client-ca-file'],
    },
    {
      id: '1.2.26',
      title: 'Ensure that the --etcd-cafile argument is set as appropriate',
      rules: ['control-plane-apiserver-etcd-cafile'],
    },
    {
      id: '1.2.27',
      title: 'Ensure that the --encryption-provider-config argument is set as appropriate',
      rules: ['control-plane-apiserver-encryption-provider-config', 'secret-encryption-at-rest'],
    },
    {
      id: '1.2.29',
      title: 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers',
      rules: ['control-plane-apiserver-strong-ciphers'],
    },
    {
      id: '1.2.30',
      title: 'Ensure that the --service-account-extend-token-expiration parameter is set to false',
      rules: ['control-plane-apiserver-service-account-extend-token-expiration'],
    },
    {
      id: '1.3.1',
      title: 'Ensure that the --terminated-pod-gc-threshold argument is set as appropriate',
      rules: ['control-plane-controller-manager-terminated-pod-gc'],
    },
    {
      id: '1.3.2',
      title: 'Ensure that the --profiling argument is set to false',
      rules: ['control-plane-controller-manager-profiling'],
    },
    {
      id: '1.3.3',
      title: 'Ensure that the --use-service-account-credentials argument is set to true',
      rules: ['control-plane-controller-manager-service-account-credentials'],
    },
    {
      id: '1.3.4',
      title: 'Ensure that the --service-account-private-key-file argument is set as appropriate',
      rules: ['control-plane-controller-manager-service-account-private-key'],
    },
    {
      id: '1.3.5',
      title: 'Ensure that the --root-ca-file argument is set as appropriate',
      rules: ['control-plane-controller-manager-root-ca-file'],
    },
    {
      id: '1.3.6',
      title: 'Ensure that the RotateKubeletServerCertificate argument is set to true',
      rules: ['control-plane-controller-manager-rotate-kubelet-server-certificate'],
    },
    {
      id: '1.3.7',
      title: 'Ensure that the --bind-address argument is set to 127.0.0.1',
      rules: ['control-plane-controller-manager-bind-address'],
    },
    {
      id: '1.4.1',
      title: 'Ensure that the --profiling argument is set to false',
      rules: ['control-plane-scheduler-profiling'],
    },
    {
      id: '1.4.2',
      title: 'Ensure that the --bind-address argument is set to 127.0.0.1',
      rules: ['control-plane-scheduler-bind-address'],
    },
    {
      id: '2.1',
      title: 'Ensure that the --cert-file and --key-file arguments are set as appropriate',
      rules: ['control-plane-etcd-tls'],
    },
    {
      id: '2.2',
      title: 'Ensure that the --client-cert-auth argument is set to true',
      rules: ['control-plane-etcd-client-cert-auth'],
    },
    {
      id: '2.3',
      title: 'Ensure that the --auto-tls argument is not set to true',
      rules: ['control-plane-etcd-auto-tls'],
    },
    {
      id: '2.4',
      title: 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate',
      rules: ['control-plane-etcd-peer-tls'],
    },
    {
      id: '2.5',
      title: 'Ensure that the --peer-client-cert-auth argument is set to true',
      rules: ['control-plane-etcd-peer-client-cert-auth'],
    },
    {
      id: '2.6',
      title: 'Ensure that the --peer-auto-tls argument is not set to true',
      rules: ['control-plane-etcd-peer-auto-tls'],
    },
    {
      id: '2.7',
      title: 'Ensure that a unique Certificate Authority is used for etcd',
      rules: ['control-plane-etcd-unique-ca'],
    },
    {
      id: '4.3.1',
      title: 'Ensure that the kube-proxy metrics service is bound to localhost',
      rules: ['kube-proxy-metrics-bind-address'],
    },
    {
      id: '1.2.28',
      title: 'Ensure that encryption providers are appropriately configured',
      rules: [],
      manual: 'the EncryptionConfiguration file is on the control-plane disk, not in the API',
    },
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
      rules: [
        'pod-service-account-token-automount',
        'workload-token-with-rbac',
        'workload-admin-service-account',
        'workload-takeover-service-account',
      ],
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
    {
      id: '5.1.9',
      title: 'Minimize access to create persistent volumes',
      rules: ['rbac-create-persistent-volumes'],
    },
    {
      id: '5.1.10',
      title: 'Minimize access to the proxy sub-resource of nodes',
      rules: ['rbac-nodes-proxy'],
    },
    {
      id: '5.1.11',
      title: 'Minimize access to the approval sub-resource of certificatesigningrequests objects',
      rules: ['rbac-csr-approval'],
    },
    {
      id: '5.1.12',
      title: 'Minimize access to webhook configuration objects',
      rules: ['rbac-webhook-configuration'],
    },
    {
      id: '5.1.13',
      title: 'Minimize access to the service account token creation',
      rules: ['rbac-serviceaccount-token-create'],
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
