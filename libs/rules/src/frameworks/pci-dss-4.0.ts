import { defineFramework } from './framework.js';

/** PCI DSS v4.0.1 requirements that cluster state can evidence (ids and titles abbreviated from the standard). Which rules evidence which requirement is meshguard’s judgement, one line per rule. */
export const pciDss40 = defineFramework({
  id: 'pci-dss-4.0',
  title: 'PCI DSS',
  version: '4.0.1',
  url: 'https://www.pcisecuritystandards.org/document_library/',
  controls: [
    {
      id: '1.3.1',
      title: 'Inbound traffic to the CDE is restricted to only traffic that is necessary',
      rules: [
        'netpol-allow-all-egress',
        'netpol-allow-all-ingress',
        'netpol-default-deny-neutralised',
        'netpol-egress-any-ip',
        'netpol-egress-deny-without-dns',
        'netpol-exposed-lateral-path',
        'netpol-ipblock-cluster-cidr',
        'netpol-named-port-undefined',
        'netpol-namespace-default-deny-egress',
        'netpol-namespace-default-deny-ingress',
        'netpol-peer-selector-matches-nothing',
        'netpol-selects-no-pods',
        'netpol-workload-not-isolated',
        'namespace-environment-mixing',
        'namespace-environment-reachable',
      ],
      reasons: {
        'netpol-allow-all-egress':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-allow-all-ingress':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-default-deny-neutralised':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-egress-any-ip':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-egress-deny-without-dns':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-exposed-lateral-path':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-ipblock-cluster-cidr':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-named-port-undefined':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-namespace-default-deny-egress':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-namespace-default-deny-ingress':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-peer-selector-matches-nothing':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-selects-no-pods':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'netpol-workload-not-isolated':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'namespace-environment-mixing':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
        'namespace-environment-reachable':
          'Reports workloads and namespaces whose traffic NetworkPolicies do not restrict to what is needed.',
      },
    },
    {
      id: '1.3.2',
      title: 'Outbound traffic from the CDE is restricted to only traffic that is necessary',
      rules: ['netpol-namespace-default-deny-egress', 'netpol-allow-all-egress', 'netpol-egress-any-ip'],
      reasons: {
        'netpol-namespace-default-deny-egress': 'Reports workloads whose outbound traffic is not restricted.',
        'netpol-allow-all-egress': 'Reports workloads whose outbound traffic is not restricted.',
        'netpol-egress-any-ip': 'Reports workloads whose outbound traffic is not restricted.',
      },
    },
    {
      id: '1.4.1',
      title: 'NSCs are implemented between trusted and untrusted networks',
      rules: [
        'service-loadbalancer-no-source-ranges',
        'service-node-port',
        'service-external-ips',
        'service-sensitive-port-exposed',
        'service-external-traffic-policy-cluster',
        'ingress-wildcard-host',
        'workload-sensitive-interface-exposed',
        'workload-ssh-exposed',
        'control-plane-apiserver-deny-service-external-ips',
        'pod-host-network',
        'container-host-port',
      ],
      reasons: {
        'service-loadbalancer-no-source-ranges':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'service-node-port':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'service-external-ips':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'service-sensitive-port-exposed':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'service-external-traffic-policy-cluster':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'ingress-wildcard-host':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'workload-sensitive-interface-exposed':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'workload-ssh-exposed':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'control-plane-apiserver-deny-service-external-ips':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'pod-host-network':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
        'container-host-port':
          'Reports a path from outside the cluster to a workload or service that is broader than needed.',
      },
    },
    {
      id: '2.2.1',
      title: 'Configuration standards are developed, implemented and maintained',
      rules: [
        'container-apparmor-unconfined',
        'container-capabilities-baseline',
        'container-capabilities-drop-all',
        'container-capabilities-restricted-add',
        'container-net-raw-not-dropped',
        'container-privilege-escalation',
        'container-privileged',
        'container-proc-mount',
        'container-read-only-root-filesystem',
        'container-run-as-non-root',
        'container-run-as-root-user',
        'container-seccomp-profile-missing',
        'container-selinux-custom',
        'daemonset-host-access',
        'namespace-psa-labels',
        'pod-container-runtime-socket',
        'pod-host-ipc',
        'pod-host-path-volume',
        'pod-host-pid',
        'pod-restricted-volume-types',
        'pod-seccomp-unconfined',
        'pod-unsafe-sysctls',
        'pod-windows-host-process',
        'pod-writable-host-path',
        'psp-allows-added-capabilities',
        'psp-allows-host-network',
        'psp-allows-host-pid-ipc',
        'psp-allows-privilege-escalation',
        'psp-allows-privileged',
        'psp-allows-required-drop',
        'psp-allows-root',
        'workload-selector-mismatch',
        'container-duplicate-env',
        'pod-deprecated-service-account-field',
        'pod-naked',
        'pod-service-account-missing',
        'service-selects-no-pods',
        'ingress-dangling-backend',
        'gateway-route-dangling-backend',
        'ingress-no-class',
        'namespace-default-workloads',
        'control-plane-apiserver-admission-namespace-lifecycle',
        'control-plane-apiserver-admission-service-account',
      ],
      reasons: {
        'container-apparmor-unconfined':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-capabilities-baseline':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-capabilities-drop-all':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-capabilities-restricted-add':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-net-raw-not-dropped':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-privilege-escalation':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-privileged':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-proc-mount':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-read-only-root-filesystem':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-run-as-non-root':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-run-as-root-user':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-seccomp-profile-missing':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'container-selinux-custom':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'daemonset-host-access':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'namespace-psa-labels':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-container-runtime-socket':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-host-ipc':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-host-path-volume':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-host-pid':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-restricted-volume-types':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-seccomp-unconfined':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-unsafe-sysctls':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-windows-host-process':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'pod-writable-host-path':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-added-capabilities':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-host-network':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-host-pid-ipc':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-privilege-escalation':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-privileged':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-required-drop':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'psp-allows-root':
          'Reports a pod or container setting that weakens isolation from the node or other workloads.',
        'workload-selector-mismatch':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'container-duplicate-env':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'pod-deprecated-service-account-field':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'pod-naked':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'pod-service-account-missing':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'service-selects-no-pods':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'ingress-dangling-backend':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'gateway-route-dangling-backend':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'ingress-no-class':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'namespace-default-workloads':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'control-plane-apiserver-admission-namespace-lifecycle':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
        'control-plane-apiserver-admission-service-account':
          'Reports a configuration error that leaves a workload or route different from what was declared.',
      },
    },
    {
      id: '2.2.4',
      title: 'Only necessary services, protocols, daemons and functions are enabled',
      rules: [
        'control-plane-apiserver-profiling',
        'control-plane-controller-manager-profiling',
        'control-plane-scheduler-profiling',
        'control-plane-controller-manager-bind-address',
        'kube-proxy-metrics-bind-address',
        'control-plane-scheduler-bind-address',
        'control-plane-apiserver-secure-port',
        'container-sudo-entrypoint',
        'workload-ssh-exposed',
        'ingress-nginx-snippet-annotation',
      ],
      reasons: {
        'control-plane-apiserver-profiling':
          'Reports a debugging or remote-access function that production does not need.',
        'control-plane-controller-manager-profiling':
          'Reports a debugging or remote-access function that production does not need.',
        'control-plane-scheduler-profiling':
          'Reports a debugging or remote-access function that production does not need.',
        'control-plane-controller-manager-bind-address':
          'Reports a debugging or remote-access function that production does not need.',
        'kube-proxy-metrics-bind-address':
          'Reports a debugging or remote-access function that production does not need.',
        'control-plane-scheduler-bind-address':
          'Reports a debugging or remote-access function that production does not need.',
        'control-plane-apiserver-secure-port':
          'Reports a debugging or remote-access function that production does not need.',
        'container-sudo-entrypoint':
          'Reports a debugging or remote-access function that production does not need.',
        'workload-ssh-exposed':
          'Reports a debugging or remote-access function that production does not need.',
        'ingress-nginx-snippet-annotation':
          'Reports a debugging or remote-access function that production does not need.',
      },
    },
    {
      id: '2.2.7',
      title: 'All non-console administrative access is encrypted using strong cryptography',
      rules: [
        'control-plane-apiserver-tls-certificate',
        'control-plane-apiserver-strong-ciphers',
        'control-plane-apiserver-kubelet-certificate-authority',
      ],
      reasons: {
        'control-plane-apiserver-tls-certificate':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-strong-ciphers':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-kubelet-certificate-authority':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
      },
    },
    {
      id: '3.5.1',
      title: 'PAN is rendered unreadable anywhere it is stored',
      rules: ['secret-encryption-at-rest', 'control-plane-apiserver-encryption-provider-config'],
      reasons: {
        'secret-encryption-at-rest': 'Shows whether Secrets are encrypted before they are written to etcd.',
        'control-plane-apiserver-encryption-provider-config':
          'Shows whether Secrets are encrypted before they are written to etcd.',
      },
    },
    {
      id: '4.2.1',
      title: 'Strong cryptography protects data during transmission over open, public networks',
      rules: [
        'ingress-no-tls',
        'ingress-tls-host-mismatch',
        'encryption-plaintext-service-port',
        'control-plane-apiserver-strong-ciphers',
      ],
      reasons: {
        'ingress-no-tls': 'Shows whether this connection is encrypted and its peer verified with TLS.',
        'ingress-tls-host-mismatch':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'encryption-plaintext-service-port':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-strong-ciphers':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
      },
    },
    {
      id: '6.3.3',
      title: 'System components are protected from known vulnerabilities by installing security patches',
      rules: [
        'patching-deprecated-apis',
        'patching-kubelet-version-skew',
        'patching-server-version-behind-patch',
        'patching-server-version-eol',
        'ingress-nginx-controller-eol',
        'container-image-deprecated-registry',
      ],
      reasons: {
        'patching-deprecated-apis': 'Reports software past its supported life or behind on security patches.',
        'patching-kubelet-version-skew':
          'Reports software past its supported life or behind on security patches.',
        'patching-server-version-behind-patch':
          'Reports software past its supported life or behind on security patches.',
        'patching-server-version-eol':
          'Reports software past its supported life or behind on security patches.',
        'ingress-nginx-controller-eol':
          'Reports software past its supported life or behind on security patches.',
        'container-image-deprecated-registry':
          'Reports software past its supported life or behind on security patches.',
      },
    },
    {
      id: '6.4.2',
      title:
        'An automated technical solution detects and prevents web-based attacks on public-facing web applications',
      rules: ['ingress-no-waf', 'ingress-no-rate-limit'],
      reasons: {
        'ingress-no-waf':
          'Shows whether internet-facing HTTP routes pass through a web application firewall or rate limit.',
        'ingress-no-rate-limit':
          'Shows whether internet-facing HTTP routes pass through a web application firewall or rate limit.',
      },
    },
    {
      id: '7.2.1',
      title: 'An access control model is defined and includes granting access',
      rules: [
        'control-plane-apiserver-authorization-always-allow',
        'control-plane-apiserver-authorization-node',
        'control-plane-apiserver-authorization-rbac',
        'control-plane-apiserver-admission-node-restriction',
        'control-plane-apiserver-admission-always-admit',
        'control-plane-controller-manager-service-account-credentials',
      ],
      reasons: {
        'control-plane-apiserver-authorization-always-allow':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
        'control-plane-apiserver-authorization-node':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
        'control-plane-apiserver-authorization-rbac':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
        'control-plane-apiserver-admission-node-restriction':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
        'control-plane-apiserver-admission-always-admit':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
        'control-plane-controller-manager-service-account-credentials':
          'Shows whether the API server enforces authorization (RBAC, Node authorizer, admission) on every request.',
      },
    },
    {
      id: '7.2.2',
      title: 'Access is assigned based on job classification and function, with least privileges',
      rules: [
        'rbac-anonymous-binding',
        'rbac-cluster-admin-binding',
        'rbac-create-persistent-volumes',
        'rbac-create-pods',
        'rbac-csr-approval',
        'rbac-default-service-account',
        'rbac-delete-capabilities',
        'rbac-delete-events',
        'rbac-escalate-bind-impersonate',
        'rbac-authenticated-elevated',
        'rbac-kube-system-configmap-write',
        'rbac-nodes-proxy',
        'rbac-pod-exec-attach',
        'rbac-portforward',
        'rbac-serviceaccount-token-create',
        'rbac-webhook-configuration',
        'rbac-wildcard-rules',
        'rbac-workload-secrets-access',
        'secret-rbac-broad-read',
        'workload-admin-service-account',
        'workload-takeover-service-account',
        'workload-token-with-rbac',
        'pod-service-account-token-automount',
      ],
      reasons: {
        'rbac-anonymous-binding':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-cluster-admin-binding':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-create-persistent-volumes':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-create-pods':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-csr-approval':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-default-service-account':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-delete-capabilities':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-delete-events':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-escalate-bind-impersonate':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-authenticated-elevated':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-kube-system-configmap-write':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-nodes-proxy':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-pod-exec-attach':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-portforward':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-serviceaccount-token-create':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-webhook-configuration':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-wildcard-rules':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'rbac-workload-secrets-access':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'secret-rbac-broad-read':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'workload-admin-service-account':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'workload-takeover-service-account':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'workload-token-with-rbac':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
        'pod-service-account-token-automount':
          'Reports RBAC grants beyond what the subject needs (a privileged or escalating permission).',
      },
    },
    {
      id: '8.2.2',
      title: 'Group, shared or generic accounts are used only when necessary',
      rules: [
        'rbac-default-service-account',
        'rbac-anonymous-binding',
        'control-plane-apiserver-anonymous-auth',
        'pod-service-account-missing',
      ],
      reasons: {
        'rbac-default-service-account':
          'Reports workloads or requests acting under a shared or anonymous identity instead of their own.',
        'rbac-anonymous-binding':
          'Reports workloads or requests acting under a shared or anonymous identity instead of their own.',
        'control-plane-apiserver-anonymous-auth':
          'Reports workloads or requests acting under a shared or anonymous identity instead of their own.',
        'pod-service-account-missing':
          'Reports workloads or requests acting under a shared or anonymous identity instead of their own.',
      },
    },
    {
      id: '8.3.1',
      title: 'All user access to system components is authenticated',
      rules: [
        'control-plane-apiserver-anonymous-auth',
        'control-plane-apiserver-token-auth-file',
        'control-plane-apiserver-client-ca-file',
        'control-plane-apiserver-service-account-lookup',
        'control-plane-apiserver-service-account-key-file',
        'control-plane-apiserver-service-account-extend-token-expiration',
        'control-plane-controller-manager-service-account-private-key',
        'control-plane-apiserver-kubelet-client-certificate',
        'control-plane-etcd-client-cert-auth',
        'control-plane-etcd-unique-ca',
        'control-plane-etcd-peer-client-cert-auth',
        'rbac-anonymous-binding',
      ],
      reasons: {
        'control-plane-apiserver-anonymous-auth':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-token-auth-file':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-client-ca-file':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-service-account-lookup':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-service-account-key-file':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-service-account-extend-token-expiration':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-controller-manager-service-account-private-key':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-apiserver-kubelet-client-certificate':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-etcd-client-cert-auth':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-etcd-unique-ca':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'control-plane-etcd-peer-client-cert-auth':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
        'rbac-anonymous-binding':
          'Shows whether requests to the API server, kubelets and etcd must present a verified identity.',
      },
    },
    {
      id: '8.6.2',
      title:
        'Passwords for application and system accounts are not hard coded in scripts, configuration files or source code',
      rules: [
        'configmap-secret-content',
        'container-env-literal-secret',
        'configmap-kubeconfig-credentials',
        'secret-in-env-var',
        'secret-opaque-tls-material',
        'secret-legacy-service-account-token',
      ],
      reasons: {
        'configmap-secret-content':
          'Reports credentials written into configuration or exposed where they need not be.',
        'container-env-literal-secret':
          'Reports credentials written into configuration or exposed where they need not be.',
        'configmap-kubeconfig-credentials':
          'Reports credentials written into configuration or exposed where they need not be.',
        'secret-in-env-var':
          'Reports credentials written into configuration or exposed where they need not be.',
        'secret-opaque-tls-material':
          'Reports credentials written into configuration or exposed where they need not be.',
        'secret-legacy-service-account-token':
          'Reports credentials written into configuration or exposed where they need not be.',
      },
    },
    {
      id: '10.2.1',
      title: 'Audit logs are enabled and active for all system components',
      rules: ['monitoring-audit-logging', 'control-plane-apiserver-audit-log-path'],
      reasons: {
        'monitoring-audit-logging': 'Shows whether the API server records an audit trail of requests.',
        'control-plane-apiserver-audit-log-path':
          'Shows whether the API server records an audit trail of requests.',
      },
    },
    {
      id: '10.5.1',
      title: 'Audit log history is retained for at least 12 months',
      rules: [
        'control-plane-apiserver-audit-log-maxage',
        'control-plane-apiserver-audit-log-maxbackup',
        'control-plane-apiserver-audit-log-maxsize',
      ],
      reasons: {
        'control-plane-apiserver-audit-log-maxage':
          'Shows whether audit log files are kept long enough to be reviewed.',
        'control-plane-apiserver-audit-log-maxbackup':
          'Shows whether audit log files are kept long enough to be reviewed.',
        'control-plane-apiserver-audit-log-maxsize':
          'Shows whether audit log files are kept long enough to be reviewed.',
      },
    },
    {
      id: '11.5.1',
      title: 'Intrusion-detection or intrusion-prevention techniques detect or prevent intrusions',
      rules: ['monitoring-runtime-security-agent'],
      reasons: {
        'monitoring-runtime-security-agent':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
      },
    },
  ],
});
