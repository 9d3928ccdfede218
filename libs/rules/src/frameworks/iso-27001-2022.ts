import { defineFramework } from './framework.js';

/** ISO/IEC 27001:2022 Annex A (control ids and titles from the standard; ISO/IEC 27002:2022 describes them). Which rules evidence which control is meshguard’s judgement, one line per rule. */
export const iso27001Annex2022 = defineFramework({
  id: 'iso-27001-2022',
  title: 'ISO/IEC 27001:2022 Annex A',
  version: '2022',
  url: 'https://www.iso.org/standard/27001',
  controls: [
    {
      id: 'A.5.15',
      title: 'Access control',
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
      id: 'A.5.17',
      title: 'Authentication information',
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
      id: 'A.5.18',
      title: 'Access rights',
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
      id: 'A.8.2',
      title: 'Privileged access rights',
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
      id: 'A.8.3',
      title: 'Information access restriction',
      rules: [
        'workload-secret-volume',
        'workload-pvc-volume',
        'workload-configmap-volume',
        'secret-encryption-at-rest',
        'control-plane-apiserver-encryption-provider-config',
      ],
      reasons: {
        'workload-secret-volume':
          'Lists which workloads can read which stored data or configuration (an access inventory).',
        'workload-pvc-volume':
          'Lists which workloads can read which stored data or configuration (an access inventory).',
        'workload-configmap-volume':
          'Lists which workloads can read which stored data or configuration (an access inventory).',
        'secret-encryption-at-rest': 'Shows whether Secrets are encrypted before they are written to etcd.',
        'control-plane-apiserver-encryption-provider-config':
          'Shows whether Secrets are encrypted before they are written to etcd.',
      },
    },
    {
      id: 'A.8.5',
      title: 'Secure authentication',
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
      id: 'A.8.6',
      title: 'Capacity management',
      rules: [
        'container-cpu-limit',
        'container-cpu-request',
        'container-memory-limit',
        'container-memory-request',
        'namespace-no-limit-range',
        'namespace-no-resource-quota',
        'control-plane-apiserver-admission-event-rate-limit',
        'container-liveness-probe',
        'container-readiness-probe',
        'deployment-rolling-update',
        'daemonset-not-ready',
        'control-plane-controller-manager-terminated-pod-gc',
        'hpa-dangling-target',
      ],
      reasons: {
        'container-cpu-limit':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'container-cpu-request':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'container-memory-limit':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'container-memory-request':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'namespace-no-limit-range':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'namespace-no-resource-quota':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'control-plane-apiserver-admission-event-rate-limit':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'container-liveness-probe':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'container-readiness-probe':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'deployment-rolling-update':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'daemonset-not-ready':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'control-plane-controller-manager-terminated-pod-gc':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
        'hpa-dangling-target':
          'Reports a setting that lets one workload exhaust shared capacity or fail without recovery.',
      },
    },
    {
      id: 'A.8.8',
      title: 'Management of technical vulnerabilities',
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
      id: 'A.8.9',
      title: 'Configuration management',
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
      id: 'A.8.15',
      title: 'Logging',
      rules: [
        'monitoring-audit-logging',
        'control-plane-apiserver-audit-log-path',
        'control-plane-apiserver-audit-log-maxage',
        'control-plane-apiserver-audit-log-maxbackup',
        'control-plane-apiserver-audit-log-maxsize',
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
      },
    },
    {
      id: 'A.8.16',
      title: 'Monitoring activities',
      rules: [
        'monitoring-log-agent-missing',
        'monitoring-runtime-security-agent',
        'daemonset-required-agents',
      ],
      reasons: {
        'monitoring-log-agent-missing':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
        'monitoring-runtime-security-agent':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
        'daemonset-required-agents':
          'Shows whether every node runs the agents that collect logs and detect intrusions.',
      },
    },
    {
      id: 'A.8.19',
      title: 'Installation of software on operational systems',
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
      id: 'A.8.20',
      title: 'Networks security',
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
        'ingress-no-waf',
        'ingress-no-rate-limit',
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
        'ingress-no-waf':
          'Shows whether internet-facing HTTP routes pass through a web application firewall or rate limit.',
        'ingress-no-rate-limit':
          'Shows whether internet-facing HTTP routes pass through a web application firewall or rate limit.',
      },
    },
    {
      id: 'A.8.22',
      title: 'Segregation of networks',
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
      id: 'A.8.24',
      title: 'Use of cryptography',
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
        'secret-encryption-at-rest',
        'control-plane-apiserver-encryption-provider-config',
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
        'secret-encryption-at-rest': 'Shows whether Secrets are encrypted before they are written to etcd.',
        'control-plane-apiserver-encryption-provider-config':
          'Shows whether Secrets are encrypted before they are written to etcd.',
      },
    },
  ],
});
