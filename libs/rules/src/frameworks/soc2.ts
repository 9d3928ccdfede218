import { defineFramework } from './framework.js';

/** SOC 2 (2017 Trust Services Criteria, revised 2022): the common criteria these rules provide evidence for. */
export const soc2 = defineFramework({
  id: 'soc2',
  title: 'SOC 2 Trust Services Criteria — Common Criteria',
  version: '2017 (rev. 2022)',
  url: 'https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022',
  controls: [
    {
      id: 'CC6.1',
      title: 'Logical access security software, infrastructure and architectures',
      rules: [
        'rbac-cluster-admin-binding',
        'rbac-wildcard-rules',
        'rbac-anonymous-binding',
        'secret-rbac-broad-read',
        'secret-encryption-at-rest',
        'namespace-psa-labels',
        'configmap-secret-content',
        'container-env-literal-secret',
      ],
    },
    {
      id: 'CC6.2',
      title: 'Registration and authorization of users and service accounts',
      rules: ['rbac-default-service-account', 'secret-legacy-service-account-token'],
    },
    {
      id: 'CC6.3',
      title: 'Role-based access, least privilege and segregation of duties',
      rules: [
        'rbac-escalate-bind-impersonate',
        'rbac-authenticated-elevated',
        'rbac-pod-exec-attach',
        'rbac-create-pods',
        'rbac-workload-secrets-access',
        'namespace-environment-mixing',
        'namespace-environment-reachable',
      ],
    },
    {
      id: 'CC6.6',
      title: 'Logical access security measures against threats from outside the system boundary',
      rules: [
        'netpol-namespace-default-deny-ingress',
        'netpol-workload-not-isolated',
        'service-loadbalancer-no-source-ranges',
        'service-sensitive-port-exposed',
        'service-node-port',
        'service-external-ips',
        'ingress-no-waf',
        'ingress-no-rate-limit',
        'netpol-default-deny-neutralised',
        'netpol-exposed-lateral-path',
      ],
    },
    {
      id: 'CC6.7',
      title: 'Restrict transmission of information to authorized parties; protect it in transit',
      rules: [
        'ingress-no-tls',
        'ingress-tls-host-mismatch',
        'encryption-plaintext-service-port',
        'netpol-namespace-default-deny-egress',
        'netpol-egress-any-ip',
      ],
    },
    {
      id: 'CC6.8',
      title: 'Prevent or detect unauthorized or malicious software',
      rules: [
        'container-image-untrusted-registry',
        'container-image-digest-unpinned',
        'container-privileged',
        'container-read-only-root-filesystem',
        'monitoring-runtime-security-agent',
      ],
    },
    {
      id: 'CC7.1',
      title: 'Detect configuration changes and newly discovered vulnerabilities',
      rules: [
        'patching-server-version-eol',
        'patching-server-version-behind-patch',
        'patching-kubelet-version-skew',
        'patching-deprecated-apis',
      ],
    },
    {
      id: 'CC7.2',
      title: 'Monitor system components for anomalies',
      rules: [
        'monitoring-audit-logging',
        'monitoring-log-agent-missing',
        'daemonset-required-agents',
        'daemonset-not-ready',
      ],
    },
    {
      id: 'A1.1',
      title: 'Manage capacity to meet availability commitments',
      rules: [
        'container-memory-limit',
        'container-cpu-limit',
        'container-memory-request',
        'container-cpu-request',
        'namespace-no-resource-quota',
        'namespace-no-limit-range',
      ],
    },
  ],
});
