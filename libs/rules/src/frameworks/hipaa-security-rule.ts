import { defineFramework } from './framework.js';

/** HIPAA Security Rule technical safeguards (45 CFR 164.312; standards and implementation specifications as the regulation names them). Which rules evidence which safeguard is meshguard’s judgement, one line per rule. */
export const hipaaSecurityRule = defineFramework({
  id: 'hipaa-164.312',
  title: 'HIPAA Security Rule \u2014 Technical Safeguards (45 CFR 164.312)',
  version: '45 CFR 164.312',
  url: 'https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C/section-164.312',
  controls: [
    {
      id: '164.312(a)(1)',
      title: 'Access control',
      rules: [
        'control-plane-apiserver-authorization-always-allow',
        'control-plane-apiserver-authorization-node',
        'control-plane-apiserver-authorization-rbac',
        'control-plane-apiserver-admission-node-restriction',
        'control-plane-apiserver-admission-always-admit',
        'control-plane-controller-manager-service-account-credentials',
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
      id: '164.312(a)(2)(i)',
      title: 'Unique user identification',
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
      id: '164.312(a)(2)(iv)',
      title: 'Encryption and decryption',
      rules: ['secret-encryption-at-rest', 'control-plane-apiserver-encryption-provider-config'],
      reasons: {
        'secret-encryption-at-rest': 'Shows whether Secrets are encrypted before they are written to etcd.',
        'control-plane-apiserver-encryption-provider-config':
          'Shows whether Secrets are encrypted before they are written to etcd.',
      },
    },
    {
      id: '164.312(b)',
      title: 'Audit controls',
      rules: [
        'monitoring-audit-logging',
        'control-plane-apiserver-audit-log-path',
        'control-plane-apiserver-audit-log-maxage',
        'control-plane-apiserver-audit-log-maxbackup',
        'control-plane-apiserver-audit-log-maxsize',
        'monitoring-log-agent-missing',
        'monitoring-runtime-security-agent',
        'daemonset-required-agents',
      ],
      reasons: {
        'monitoring-audit-logging': 'Shows whether the API server records an audit trail of requests.',
        'control-plane-apiserver-audit-log-path':
          'Shows whether the API server records an audit trail of requests.',
        'control-plane-apiserver-audit-log-maxage':
          'Shows whether audit log files are kept long enough to be reviewed.',
        'control-plane-apiserver-audit-log-maxbackup':
          'Shows whether audit log files are kept long enough to be reviewed.',
        'control-plane-apiserver-audit-log-maxsize':
          'Shows whether audit log files are kept long enough to be reviewed.',
        'monitoring-log-agent-missing':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
        'monitoring-runtime-security-agent':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
        'daemonset-required-agents':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
      },
    },
    {
      id: '164.312(c)(1)',
      title: 'Integrity',
      rules: [
        'container-image-untrusted-registry',
        'container-image-digest-unpinned',
        'container-image-latest-tag',
        'container-image-pull-policy',
        'control-plane-apiserver-admission-always-pull-images',
      ],
      reasons: {
        'container-image-untrusted-registry':
          'Shows whether the image that runs is the reviewed one, from an approved source.',
        'container-image-digest-unpinned':
          'Shows whether the image that runs is the reviewed one, from an approved source.',
        'container-image-latest-tag':
          'Shows whether the image that runs is the reviewed one, from an approved source.',
        'container-image-pull-policy':
          'Shows whether the image that runs is the reviewed one, from an approved source.',
        'control-plane-apiserver-admission-always-pull-images':
          'Shows whether the image that runs is the reviewed one, from an approved source.',
      },
    },
    {
      id: '164.312(d)',
      title: 'Person or entity authentication',
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
      id: '164.312(e)(1)',
      title: 'Transmission security',
      rules: [
        'control-plane-apiserver-tls-certificate',
        'control-plane-apiserver-strong-ciphers',
        'control-plane-apiserver-kubelet-certificate-authority',
        'control-plane-apiserver-etcd-cafile',
        'control-plane-apiserver-etcd-client-certificate',
        'control-plane-controller-manager-root-ca-file',
        'control-plane-controller-manager-rotate-kubelet-server-certificate',
        'control-plane-etcd-tls',
        'control-plane-etcd-auto-tls',
        'control-plane-etcd-peer-tls',
        'control-plane-etcd-peer-auto-tls',
        'ingress-no-tls',
        'ingress-tls-host-mismatch',
        'encryption-plaintext-service-port',
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
        'control-plane-apiserver-tls-certificate':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-strong-ciphers':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-kubelet-certificate-authority':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-etcd-cafile':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-etcd-client-certificate':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-controller-manager-root-ca-file':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-controller-manager-rotate-kubelet-server-certificate':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-auto-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-peer-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-peer-auto-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'ingress-no-tls': 'Shows whether this connection is encrypted and its peer verified with TLS.',
        'ingress-tls-host-mismatch':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'encryption-plaintext-service-port':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
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
      id: '164.312(e)(2)(ii)',
      title: 'Encryption',
      rules: [
        'control-plane-apiserver-tls-certificate',
        'control-plane-apiserver-strong-ciphers',
        'control-plane-etcd-tls',
        'control-plane-etcd-auto-tls',
        'control-plane-etcd-peer-tls',
        'control-plane-etcd-peer-auto-tls',
        'ingress-no-tls',
        'ingress-tls-host-mismatch',
        'encryption-plaintext-service-port',
      ],
      reasons: {
        'control-plane-apiserver-tls-certificate':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-apiserver-strong-ciphers':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-auto-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-peer-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'control-plane-etcd-peer-auto-tls':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'ingress-no-tls': 'Shows whether this connection is encrypted and its peer verified with TLS.',
        'ingress-tls-host-mismatch':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
        'encryption-plaintext-service-port':
          'Shows whether this connection is encrypted and its peer verified with TLS.',
      },
    },
  ],
});
