import type { K8sObject } from '../api/k8s-object.js';
import type { ClusterPlan, NamespacePlan } from './cluster-plan.js';
import { namespaceObject } from './cluster-objects.js';
import { configMaps, secrets } from './config-builder.js';
import { Rng } from './generator-random.js';
import { networkPolicies } from './network-policy-builder.js';
import { makeObject } from './object-factory.js';
import type { Placement } from './placement.js';
import { serviceObjects } from './service-builder.js';
import { workloadObjects, type ServiceTarget } from './workload-builder.js';

/** Everything in one team namespace: workloads, services, ingresses, policies, config, secrets and RBAC. */
export function* teamNamespaceObjects(
  plan: ClusterPlan,
  ns: NamespacePlan,
  index: number,
  placement: Placement,
): Generator<K8sObject> {
  const rng = new Rng(plan.seed * 7919 + index);
  const minute = 60 * 24 + index * 37;
  yield namespaceObject(ns.name, { team: ns.team, env: ns.env }, ns.psa, minute);
  yield makeObject('v1', 'ServiceAccount', { name: 'default', namespace: ns.name, createdMinute: minute });
  const targets: ServiceTarget[] = [];
  for (const [i, w] of ns.workloads.entries())
    yield* workloadObjects(ns, w, rng, placement, minute + 10 + i, targets);
  const exposed = new Map(ns.workloads.filter((w) => w.service).map((w) => [w.name, w.service!]));
  for (const t of targets)
    yield* serviceObjects(
      ns.name,
      t.name,
      t,
      exposed.get(t.name) ?? 'ClusterIP',
      placement,
      rng,
      minute + 20,
    );
  for (let k = 0; k < ns.extraServices; k++) {
    const t = targets[k % Math.max(1, targets.length)];
    if (t)
      yield* serviceObjects(
        ns.name,
        `${t.name}-metrics${k >= targets.length ? `-${Math.floor(k / targets.length) + 1}` : ''}`,
        { ...t, port: 9090 },
        'Headless',
        placement,
        rng,
        minute + 21,
        9090,
      );
    else
      yield* serviceObjects(
        ns.name,
        k === 0 ? 'legacy-db' : `legacy-db-${k + 1}`,
        undefined,
        'ExternalName',
        placement,
        rng,
        minute + 21,
      );
  }
  const serviceNames = targets.length > 0 ? targets.map((t) => t.name) : ['legacy-db'];
  for (const [k, ing] of ns.ingresses.entries()) {
    const svc = serviceNames[k % serviceNames.length]!;
    const name = k < serviceNames.length ? svc : `${svc}-${Math.floor(k / serviceNames.length) + 1}`;
    const host = `${name}.${ns.name}.apps.example.com`;
    yield makeObject(
      'networking.k8s.io/v1',
      'Ingress',
      {
        name,
        namespace: ns.name,
        labels: { team: ns.team },
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
        createdMinute: minute + 30,
      },
      {
        spec: {
          ingressClassName: 'nginx',
          ...(ing.tls ? { tls: [{ hosts: [host], secretName: `${name}-ingress-tls` }] } : {}),
          rules: [
            {
              host,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: svc, port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
        status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      },
    );
  }
  yield* networkPolicies(
    ns,
    targets.map((t) => t.name).concat(ns.workloads.filter((w) => !w.service).map((w) => w.name)),
    minute + 40,
  );
  yield* configMaps(ns, rng, minute + 5);
  yield* secrets(ns, rng, minute + 6);
  yield* namespaceRbac(ns, minute + 1);
}

function* namespaceRbac(ns: NamespacePlan, minute: number): Generator<K8sObject> {
  const group = `team:${ns.team}`;
  const devRules = [
    {
      apiGroups: ['', 'apps', 'batch'],
      resources: [
        'pods',
        'pods/log',
        'deployments',
        'replicasets',
        'statefulsets',
        'jobs',
        'cronjobs',
        'services',
        'configmaps',
      ],
      verbs: ['get', 'list', 'watch'],
    },
    ...(ns.env === 'prod'
      ? []
      : [{ apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] }]),
  ];
  yield makeObject(
    'rbac.authorization.k8s.io/v1',
    'Role',
    { name: 'developer', namespace: ns.name, labels: { team: ns.team }, createdMinute: minute },
    { rules: devRules },
  );
  yield makeObject(
    'rbac.authorization.k8s.io/v1',
    'RoleBinding',
    { name: 'developer', namespace: ns.name, labels: { team: ns.team }, createdMinute: minute },
    {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'developer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    },
  );
  if (ns.wildcardRole) {
    yield makeObject(
      'rbac.authorization.k8s.io/v1',
      'Role',
      { name: 'namespace-admin', namespace: ns.name, labels: { team: ns.team }, createdMinute: minute },
      { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    );
    yield makeObject(
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
      { name: 'namespace-admin', namespace: ns.name, labels: { team: ns.team }, createdMinute: minute },
      {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'namespace-admin' },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group },
          { kind: 'ServiceAccount', name: 'default', namespace: ns.name },
        ],
      },
    );
  }
}
