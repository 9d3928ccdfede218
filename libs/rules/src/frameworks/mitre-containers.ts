import { defineFramework } from './framework.js';

/** MITRE ATT&CK for Containers: the techniques whose preconditions these rules remove. */
export const mitreContainers = defineFramework({
  id: 'mitre-containers',
  title: 'MITRE ATT&CK for Containers',
  version: 'v16',
  url: 'https://attack.mitre.org/matrices/enterprise/containers/',
  controls: [
    {
      id: 'T1190',
      title: 'Exploit Public-Facing Application',
      rules: [
        'service-loadbalancer-no-source-ranges',
        'service-sensitive-port-exposed',
        'ingress-no-waf',
        'ingress-nginx-snippet-annotation',
        'ingress-dangling-backend',
        'gateway-route-dangling-backend',
      ],
    },
    {
      id: 'T1133',
      title: 'External Remote Services',
      rules: ['service-node-port', 'service-external-ips', 'service-sensitive-port-exposed'],
    },
    {
      id: 'T1078.001',
      title: 'Valid Accounts: Default Accounts',
      rules: ['rbac-default-service-account', 'rbac-anonymous-binding'],
    },
    { id: 'T1609', title: 'Container Administration Command', rules: ['rbac-pod-exec-attach'] },
    { id: 'T1610', title: 'Deploy Container', rules: ['rbac-create-pods', 'namespace-psa-labels'] },
    {
      id: 'T1611',
      title: 'Escape to Host',
      rules: [
        'container-privileged',
        'pod-host-pid',
        'pod-host-ipc',
        'pod-host-network',
        'pod-host-path-volume',
        'pod-container-runtime-socket',
        'pod-writable-host-path',
        'container-capabilities-baseline',
        'container-proc-mount',
        'pod-windows-host-process',
      ],
    },
    { id: 'T1612', title: 'Build Image on Host', rules: ['pod-container-runtime-socket'] },
    {
      id: 'T1613',
      title: 'Container and Resource Discovery',
      rules: ['pod-service-account-token-automount', 'netpol-workload-not-isolated'],
    },
    {
      id: 'T1068',
      title: 'Exploitation for Privilege Escalation',
      rules: [
        'container-privilege-escalation',
        'container-run-as-non-root',
        'container-run-as-root-user',
        'container-seccomp-profile-missing',
        'pod-seccomp-unconfined',
      ],
    },
    {
      id: 'T1098',
      title: 'Account Manipulation',
      rules: ['rbac-escalate-bind-impersonate', 'rbac-cluster-admin-binding'],
    },
    {
      id: 'T1552.001',
      title: 'Unsecured Credentials: Credentials In Files',
      rules: ['configmap-secret-content', 'container-env-literal-secret', 'configmap-kubeconfig-credentials'],
    },
    {
      id: 'T1552.007',
      title: 'Unsecured Credentials: Container API',
      rules: ['secret-rbac-broad-read', 'rbac-workload-secrets-access', 'secret-in-env-var'],
    },
    {
      id: 'T1528',
      title: 'Steal Application Access Token',
      rules: ['secret-legacy-service-account-token', 'pod-service-account-token-automount'],
    },
    {
      id: 'T1525',
      title: 'Implant Internal Image',
      rules: [
        'container-image-untrusted-registry',
        'container-image-digest-unpinned',
        'container-image-latest-tag',
        'container-image-pull-policy',
      ],
    },
    {
      id: 'T1046',
      title: 'Network Service Discovery',
      rules: ['netpol-namespace-default-deny-ingress', 'netpol-workload-not-isolated'],
    },
    {
      id: 'T1210',
      title: 'Exploitation of Remote Services (lateral movement)',
      rules: [
        'netpol-exposed-lateral-path',
        'namespace-environment-reachable',
        'netpol-workload-not-isolated',
      ],
    },
    {
      id: 'T1041',
      title: 'Exfiltration Over C2 Channel',
      rules: ['netpol-namespace-default-deny-egress', 'netpol-egress-any-ip', 'netpol-allow-all-egress'],
    },
    {
      id: 'T1557',
      title: 'Adversary-in-the-Middle',
      rules: [
        'container-net-raw-not-dropped',
        'ingress-no-tls',
        'encryption-plaintext-service-port',
        'service-external-ips',
      ],
    },
    {
      id: 'T1496',
      title: 'Resource Hijacking',
      rules: ['container-memory-limit', 'container-cpu-limit', 'namespace-no-resource-quota'],
    },
    {
      id: 'T1499',
      title: 'Endpoint Denial of Service',
      rules: [
        'container-memory-limit',
        'container-cpu-limit',
        'namespace-no-limit-range',
        'ingress-no-rate-limit',
      ],
    },
    {
      id: 'T1562.001',
      title: 'Impair Defenses: Disable or Modify Tools',
      rules: ['daemonset-required-agents', 'daemonset-not-ready', 'monitoring-runtime-security-agent'],
    },
    {
      id: 'T1070',
      title: 'Indicator Removal',
      rules: ['monitoring-audit-logging', 'monitoring-log-agent-missing'],
    },
  ],
});
