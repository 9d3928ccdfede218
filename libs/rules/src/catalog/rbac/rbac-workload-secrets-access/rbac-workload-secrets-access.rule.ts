import { withUnresolvedRoles } from '../../shared/evaluate-roles.js';
import { defineRule } from '../../../engine/rule.js';
import { resolvedBindings, ruleGrants } from '../../../rbac/rbac-graph.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const rbacWorkloadSecretsAccessRule = defineRule({
  id: 'rbac-workload-secrets-access',
  title: 'Workloads’ service accounts should not be able to read Secrets through the API',
  area: 'rbac',
  severity: 'medium',
  rationale:
    'An application pod whose service account can get or list Secrets hands them to whoever compromises the pod; the token is mounted in the container. Internet-exposed workloads with this grant are the usual first hop of cluster breaches.',
  remediation: {
    text: 'Mount the Secrets the application needs as volumes and remove secrets access from its service account’s roles.',
    example: 'volumes:\n  - name: db\n    secret: { secretName: db }',
  },
  reads: [...workloadKinds, 'rolebindings', 'clusterrolebindings', 'roles', 'clusterroles'],
  evidenceScope: 'related',
  evaluate: ({ snapshot }) => {
    const readers = new Map<string, string>();
    for (const resolved of resolvedBindings(snapshot)) {
      const verbs = ['get', 'list', 'watch'].filter((verb) =>
        (resolved.role?.rules ?? []).some((rule) => ruleGrants(rule, verb, 'secrets')),
      );
      if (verbs.length === 0) continue;
      for (const subject of resolved.subjects) {
        if (subject.kind !== 'ServiceAccount') continue;
        const namespace = subject.namespace ?? resolved.binding.metadata.namespace ?? 'default';
        readers.set(
          `${namespace}/${subject.name}`,
          `${verbs.join('/')} secrets ${resolved.scope ? `in ${resolved.scope}` : 'cluster-wide'} via ${resolved.binding.kind} ${resolved.binding.metadata.name}`,
        );
      }
    }
    return withUnresolvedRoles(snapshot, evaluatePodSpecs(snapshot, checkPodSpec, readers));
  },
});

/** `readers`: what each `namespace/serviceaccount` may do with secrets. */
function checkPodSpec(site: PodSpecSite, readers: Map<string, string>) {
  if (site.spec.automountServiceAccountToken === false) return undefined;
  const account = site.spec.serviceAccountName ?? site.spec.serviceAccount ?? 'default';
  const grant = readers.get(`${site.namespace}/${account}`);
  return grant
    ? podFinding(site, `${site.pointer}/serviceAccountName`, `is ${account}, which can ${grant}`, account)
    : undefined;
}
