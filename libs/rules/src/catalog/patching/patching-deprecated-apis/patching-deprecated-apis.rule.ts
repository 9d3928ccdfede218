import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { removedApiOf } from '../../../patching/deprecated-apis.js';
import { allSnapshotKinds } from '../../../snapshot/kinds.js';
import { refOf } from '../../../workload/resource-ref.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const patchingDeprecatedApisRule = defineRule({
  id: 'patching-deprecated-apis',
  title: 'Objects must not use removed or deprecated API versions',
  area: 'patching',
  severity: 'medium',
  rationale:
    'Manifests on removed API versions fail to apply after an upgrade, which is why clusters stay on unsupported versions; PodSecurityPolicy in particular no longer exists, so a cluster relying on it has no pod admission control at all after 1.25.',
  remediation: {
    text: 'Migrate the manifest to the replacement API version (kubectl convert or pluto can help).',
    example: 'apiVersion: networking.k8s.io/v1\nkind: Ingress',
  },
  reads: [],
  evidenceScope: 'object',
  equivalents: { 'kube-linter': ['no-extensions-v1beta'], 'kube-score': ['stable-version'] },
  evaluate: ({ snapshot }) => {
    const findings: RuleFinding[] = [];
    let checked = 0;
    for (const kind of allSnapshotKinds) {
      for (const object of snapshot.resources[kind] ?? []) {
        checked += 1;
        const removed = removedApiOf(object.apiVersion, object.kind);
        if (removed) {
          findings.push(
            ruleFinding(
              refOf(object),
              `apiVersion is ${object.apiVersion} (${object.kind}), removed in Kubernetes ${removed.removedIn}; use ${removed.replacement}`,
              [{ pointer: '/apiVersion', value: object.apiVersion }],
            ),
          );
        }
      }
    }
    return { findings, checked };
  },
});
