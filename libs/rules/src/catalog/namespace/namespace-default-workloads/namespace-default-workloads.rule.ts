import { defineRule, type RuleEvaluation, type RuleFinding } from '../../../engine/rule.js';
import { allSnapshotKinds, snapshotKinds, type SnapshotKind } from '../../../snapshot/kinds.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { refOf } from '../../../workload/resource-ref.js';
import { evaluateObjects, evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/** Every namespaced kind that is not a workload: Services, Ingresses, ConfigMaps, bindings, policies… */
const otherNamespacedKinds = allSnapshotKinds.filter(
  (kind) => snapshotKinds[kind].namespaced && !workloadKinds.includes(kind),
);

/** Objects Kubernetes itself creates in `default`, by kind and name. */
const builtInDefaults = new Set([
  'Service/kubernetes',
  'ServiceAccount/default',
  'ConfigMap/kube-root-ca.crt',
]);

export const namespaceDefaultWorkloadsRule = defineRule({
  id: 'namespace-default-workloads',
  title: 'Workloads and other objects should not live in the default namespace',
  area: 'namespace',
  severity: 'low',
  rationale:
    'The default namespace has no owner, no quotas, no Pod Security label and no NetworkPolicies by convention; workloads there share all of its grants and are reachable by everything. Namespaces are the unit of isolation.',
  remediation: {
    text: 'Move the workload into a namespace of its own team or application.',
    example: 'metadata:\n  namespace: shop',
  },
  reads: allSnapshotKinds.filter((kind: SnapshotKind) => snapshotKinds[kind].namespaced),
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0212'],
    trivy: ['KSV110'],
    'kube-linter': ['use-namespace'],
    checkov: ['CKV_K8S_21'],
  },
  evaluate: ({ snapshot }) => evaluateDefaultNamespace(snapshot),
});

function checkPodSpec(site: PodSpecSite): RuleFinding | undefined {
  if (site.namespace !== 'default') return undefined;
  if (site.owner.namespaceUnset)
    return ruleFinding(
      site.ref,
      `metadata.namespace is not set (${site.ref.kind} ${site.ref.name}): it lands in the namespace that \`kubectl apply -n\` or the kustomization names, and in default when neither does`,
      [{ pointer: '/metadata/namespace' }],
    );
  return ruleFinding(site.ref, `metadata.namespace is default (${site.ref.kind} ${site.ref.name})`, [
    { pointer: '/metadata/namespace', value: 'default' },
  ]);
}

/**
 * An object the user put in `default`. Objects a controller owns are reported through their owner (a Service's
 * EndpointSlices, a Deployment's ReplicaSets), and the objects Kubernetes creates there are left alone; the API
 * server's own `kubernetes` EndpointSlice carries its controller's managed-by label.
 */
function checkObject(object: K8sObject): RuleFinding | undefined {
  if (object.metadata.namespace !== 'default') return undefined;
  if ((object.metadata.ownerReferences ?? []).length > 0) return undefined;
  if (builtInDefaults.has(`${object.kind}/${object.metadata.name}`)) return undefined;
  if (
    object.kind === 'EndpointSlice' &&
    object.metadata.name === 'kubernetes' &&
    object.metadata.labels?.['endpointslice.kubernetes.io/managed-by']?.endsWith('.k8s.io')
  )
    return undefined;
  const resource = refOf(object);
  if (object.namespaceUnset)
    return ruleFinding(
      resource,
      `metadata.namespace is not set (${resource.kind} ${resource.name}): it lands in the namespace that \`kubectl apply -n\` or the kustomization names, and in default when neither does`,
      [{ pointer: '/metadata/namespace' }],
    );
  return ruleFinding(resource, `metadata.namespace is default (${resource.kind} ${resource.name})`, [
    { pointer: '/metadata/namespace', value: 'default' },
  ]);
}

function evaluateDefaultNamespace(snapshot: ClusterSnapshot): RuleEvaluation {
  const workloads = evaluatePodSpecs(snapshot, checkPodSpec);
  const findings = [...workloads.findings];
  let checked = workloads.checked;
  for (const kind of otherNamespacedKinds) {
    const result = evaluateObjects(snapshot, kind, checkObject);
    findings.push(...result.findings);
    checked += result.checked;
  }
  return { findings, checked };
}
