import { defineFramework } from './framework.js';

/** NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022), its recommendations grouped as in the guide. */
export const nsaCisaV12 = defineFramework({
  id: 'nsa-cisa-v1.2',
  title: 'NSA/CISA Kubernetes Hardening Guide',
  version: '1.2',
  url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  controls: [
    {
      id: 'pod-security/non-root',
      title: 'Use containers built to run applications as non-root users',
      rules: ['container-run-as-non-root', 'container-run-as-root-user'],
    },
    {
      id: 'pod-security/immutable-filesystem',
      title: 'Run containers with immutable file systems',
      rules: ['container-read-only-root-filesystem'],
    },
    {
      id: 'pod-security/secure-images',
      title: 'Build and use secure, trusted container images',
      rules: [
        'container-image-latest-tag',
        'container-image-digest-unpinned',
        'container-image-untrusted-registry',
      ],
    },
    {
      id: 'pod-security/enforcement',
      title:
        'Enforce pod security (privileged, host namespaces, capabilities, privilege escalation, hostPath)',
      rules: [
        'namespace-psa-labels',
        'container-privileged',
        'pod-host-network',
        'pod-host-pid',
        'pod-host-ipc',
        'container-capabilities-baseline',
        'container-privilege-escalation',
        'pod-host-path-volume',
        'pod-container-runtime-socket',
      ],
    },
    {
      id: 'pod-security/service-account-tokens',
      title: 'Protect Pod service account tokens',
      rules: ['pod-service-account-token-automount', 'secret-legacy-service-account-token'],
    },
    {
      id: 'pod-security/host-mounts',
      title: 'Do not give containers writable access to the host filesystem',
      rules: ['pod-writable-host-path', 'pod-host-path-volume'],
    },
    {
      id: 'pod-security/hardening',
      title: 'Harden container environments (seccomp, AppArmor, SELinux)',
      rules: [
        'container-seccomp-profile-missing',
        'pod-seccomp-unconfined',
        'container-apparmor-unconfined',
        'container-selinux-custom',
      ],
    },
    {
      id: 'network/namespaces',
      title: 'Use namespaces to isolate resources',
      rules: [
        'namespace-default-workloads',
        'namespace-environment-mixing',
        'namespace-environment-reachable',
      ],
    },
    {
      id: 'network/network-policies',
      title: 'Use network policies (default deny, explicit allow)',
      rules: [
        'netpol-namespace-default-deny-ingress',
        'netpol-namespace-default-deny-egress',
        'netpol-workload-not-isolated',
        'netpol-default-deny-neutralised',
        'netpol-allow-all-ingress',
        'netpol-allow-all-egress',
        'netpol-egress-any-ip',
        'netpol-exposed-lateral-path',
      ],
    },
    {
      id: 'network/resource-policies',
      title: 'Use resource policies (LimitRange, ResourceQuota, limits)',
      rules: [
        'namespace-no-resource-quota',
        'namespace-no-limit-range',
        'container-memory-limit',
        'container-cpu-limit',
      ],
    },
    {
      id: 'network/control-plane',
      title: 'Control plane hardening (do not expose the API server, kubelet or etcd)',
      rules: ['service-sensitive-port-exposed', 'rbac-anonymous-binding'],
    },
    {
      id: 'network/exposure',
      title: 'Limit exposure of workloads outside the cluster',
      rules: ['service-loadbalancer-no-source-ranges', 'service-node-port', 'service-external-ips'],
    },
    {
      id: 'network/encryption',
      title: 'Encrypt traffic in transit',
      rules: ['ingress-no-tls', 'ingress-tls-host-mismatch', 'encryption-plaintext-service-port'],
    },
    {
      id: 'network/secrets',
      title: 'Encrypt Secrets at rest and keep them out of configuration',
      rules: [
        'secret-encryption-at-rest',
        'configmap-secret-content',
        'container-env-literal-secret',
        'secret-in-env-var',
      ],
    },
    {
      id: 'authn-authz/rbac',
      title: 'Use RBAC with least privilege; disable anonymous access',
      rules: [
        'rbac-cluster-admin-binding',
        'rbac-wildcard-rules',
        'rbac-anonymous-binding',
        'rbac-escalate-bind-impersonate',
        'rbac-pod-exec-attach',
        'rbac-create-pods',
        'secret-rbac-broad-read',
        'rbac-default-service-account',
      ],
    },
    { id: 'logging/audit', title: 'Enable audit logging', rules: ['monitoring-audit-logging'] },
    {
      id: 'logging/threat-detection',
      title: 'Collect logs and run threat detection on nodes',
      rules: [
        'monitoring-log-agent-missing',
        'monitoring-runtime-security-agent',
        'daemonset-required-agents',
      ],
    },
    {
      id: 'upgrading',
      title: 'Upgrade and patch promptly',
      rules: [
        'patching-server-version-eol',
        'patching-server-version-behind-patch',
        'patching-kubelet-version-skew',
        'patching-deprecated-apis',
      ],
    },
  ],
});
