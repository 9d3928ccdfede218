import type { K8sObject } from '../api/k8s-object.js';
import type { ClusterPlan, PsaStance } from './cluster-plan.js';
import type { Placement } from './placement.js';
import { makeObject } from './object-factory.js';
import { clusterMisconfigurations } from './presets.js';

const psaLabels: Record<PsaStance | 'privileged', Record<string, string>> = {
  restricted: {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
  },
  baseline: {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
  },
  'warn-only': {
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  },
  privileged: { 'pod-security.kubernetes.io/enforce': 'privileged' },
  none: {},
};

export function namespaceObject(
  name: string,
  labels: Record<string, string>,
  psa: PsaStance | 'privileged',
  minute: number,
): K8sObject {
  return makeObject(
    'v1',
    'Namespace',
    {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels, ...psaLabels[psa] },
      createdMinute: minute,
    },
    {
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
  );
}

const rbac = 'rbac.authorization.k8s.io/v1';

function clusterRole(name: string, rules: unknown[], labels?: Record<string, string>): K8sObject {
  return makeObject(rbac, 'ClusterRole', { name, ...(labels ? { labels } : {}) }, { rules });
}

function clusterRoleBinding(name: string, role: string, subjects: unknown[]): K8sObject {
  return makeObject(
    rbac,
    'ClusterRoleBinding',
    { name },
    { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects },
  );
}

/** Nodes, cluster-scoped RBAC (with the documented over-broad bindings), IngressClass and admission webhooks. */
export function* clusterObjects(
  plan: ClusterPlan,
  placement: Placement,
  nodeNames: string[],
): Generator<K8sObject> {
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  for (const [i, name] of nodeNames.entries()) {
    const control = i === 0;
    yield makeObject(
      'v1',
      'Node',
      {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/zone': zones[i % zones.length]!,
          'node.kubernetes.io/instance-type': control ? 'm6i.large' : 'm6i.2xlarge',
          ...(control
            ? { 'node-role.kubernetes.io/control-plane': '' }
            : { 'node-role.kubernetes.io/worker': '' }),
        },
      },
      {
        spec: {
          podCIDR: placement.podCidr(i),
          podCIDRs: [placement.podCidr(i)],
          ...(control
            ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
            : {}),
        },
        status: {
          addresses: [
            { type: 'InternalIP', address: placement.nodeIp(i) },
            { type: 'Hostname', address: name },
          ],
          capacity: { cpu: '8', memory: '32Gi', pods: '250' },
          allocatable: { cpu: '7800m', memory: '31Gi', pods: '250' },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.32.4',
            kubeProxyVersion: 'v1.32.4',
            containerRuntimeVersion: 'containerd://1.7.22',
            osImage: 'Ubuntu 24.04.1 LTS',
            kernelVersion: '6.8.0-1015-aws',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      },
    );
  }
  const aggregate = (to: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' });
  yield clusterRole(
    'cluster-admin',
    [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
    { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  );
  yield clusterRole(
    'admin',
    [
      {
        apiGroups: ['', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io'],
        resources: ['*'],
        verbs: ['*'],
      },
    ],
    { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  );
  yield clusterRole(
    'edit',
    [
      {
        apiGroups: ['', 'apps', 'batch', 'networking.k8s.io'],
        resources: [
          'pods',
          'deployments',
          'services',
          'configmaps',
          'secrets',
          'jobs',
          'cronjobs',
          'ingresses',
          'networkpolicies',
        ],
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      },
    ],
    { ...aggregate('admin'), 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  );
  yield clusterRole(
    'view',
    [
      {
        apiGroups: ['', 'apps', 'batch', 'networking.k8s.io'],
        resources: [
          'pods',
          'deployments',
          'services',
          'configmaps',
          'jobs',
          'cronjobs',
          'ingresses',
          'networkpolicies',
        ],
        verbs: ['get', 'list', 'watch'],
      },
    ],
    { ...aggregate('edit'), 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  );
  yield clusterRole('ingress-nginx', [
    {
      apiGroups: [''],
      resources: ['services', 'endpoints', 'secrets', 'configmaps', 'pods'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses', 'ingressclasses'],
      verbs: ['get', 'list', 'watch'],
    },
  ]);
  yield clusterRole('prometheus', [
    {
      apiGroups: [''],
      resources: ['nodes', 'services', 'endpoints', 'pods'],
      verbs: ['get', 'list', 'watch'],
    },
    { nonResourceURLs: ['/metrics'], verbs: ['get'] },
  ]);
  yield clusterRole(clusterMisconfigurations.clusterWideSecretsReader, [
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  ]);
  yield clusterRole('ci-deployer', [
    {
      apiGroups: ['', 'apps'],
      resources: ['deployments', 'services', 'configmaps', 'pods'],
      verbs: ['create', 'update', 'patch', 'get', 'list'],
    },
  ]);
  yield clusterRoleBinding('cluster-admin', 'cluster-admin', [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
  ]);
  yield clusterRoleBinding('ingress-nginx', 'ingress-nginx', [
    { kind: 'ServiceAccount', name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
  ]);
  yield clusterRoleBinding('prometheus', 'prometheus', [
    { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
  ]);
  yield clusterRoleBinding(clusterMisconfigurations.anonymousBinding, 'view', [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' },
  ]);
  yield clusterRoleBinding(clusterMisconfigurations.serviceAccountClusterAdmin, 'cluster-admin', [
    { kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'kube-system' },
  ]);
  yield clusterRoleBinding(
    clusterMisconfigurations.clusterWideSecretsReader,
    clusterMisconfigurations.clusterWideSecretsReader,
    [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `team:${plan.teams[0]}` }],
  );
  yield clusterRoleBinding('ci-deployer', 'ci-deployer', [
    { kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'kube-system' },
  ]);
  for (const team of plan.teams) {
    yield clusterRoleBinding(`team-${team}-view`, 'view', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `team:${team}` },
    ]);
  }
  yield makeObject('v1', 'ServiceAccount', { name: 'ci-deployer', namespace: 'kube-system' });
  yield makeObject(
    'networking.k8s.io/v1',
    'IngressClass',
    { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
    { spec: { controller: 'k8s.io/ingress-nginx' } },
  );
  const clientConfig = (namespace: string, name: string, path: string) => ({
    service: { namespace, name, path, port: 443 },
    caBundle: Buffer.from('synthetic-ca').toString('base64'),
  });
  yield makeObject(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    { name: clusterMisconfigurations.webhookFailOpen },
    {
      webhooks: [
        {
          name: 'validate.policy.example.com',
          clientConfig: clientConfig('kube-system', 'policy-webhook', '/validate'),
          rules: [
            {
              apiGroups: ['*'],
              apiVersions: ['*'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['pods', 'deployments'],
              scope: '*',
            },
          ],
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          timeoutSeconds: 10,
        },
      ],
    },
  );
  yield makeObject(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    { name: 'sidecar-injector' },
    {
      webhooks: [
        {
          name: 'inject.sidecar.example.com',
          clientConfig: clientConfig('kube-system', 'sidecar-injector', '/mutate'),
          rules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['pods'],
              scope: 'Namespaced',
            },
          ],
          namespaceSelector: { matchLabels: { 'sidecar-injection': 'enabled' } },
          failurePolicy: 'Fail',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          reinvocationPolicy: 'Never',
        },
      ],
    },
  );
}
