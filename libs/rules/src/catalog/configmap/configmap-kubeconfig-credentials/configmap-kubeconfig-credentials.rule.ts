import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { pointer } from '../../../workload/resource-ref.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

const credentialFields = /^\s*(client-key-data|token|password|client-certificate-data)\s*:\s*\S+/m;

export const configmapKubeconfigCredentialsRule = defineRule({
  id: 'configmap-kubeconfig-credentials',
  title: 'ConfigMaps must not contain kubeconfigs with credentials',
  area: 'configmap',
  severity: 'critical',
  rationale:
    'A kubeconfig with embedded client keys or tokens in a ConfigMap hands its cluster permissions — often admin of this or another cluster — to everyone who can read ConfigMaps in the namespace.',
  remediation: {
    text: 'Move the kubeconfig into a Secret, scope its credential to the minimum, and rotate the exposed credential.',
    example:
      'apiVersion: v1\nkind: Secret\nmetadata: { name: ci-kubeconfig }\ntype: Opaque\nstringData:\n  config: <kubeconfig>',
  },
  reads: ['configmaps'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects(snapshot, 'configmaps', checkConfigMap),
});

/** Whether the value has top-level-looking `clusters:` and `users:` keys, as a kubeconfig does. */
function isKubeconfigLike(value: string): boolean {
  // The substring tests are necessary for the word-boundary matches and much cheaper: most values fail them.
  return (
    value.includes('clusters:') &&
    /\bclusters:/.test(value) &&
    value.includes('users:') &&
    /\busers:/.test(value)
  );
}

function checkConfigMap(configMap: K8sObject) {
  const data = configMap['data'] as Record<string, unknown> | undefined;
  if (!data) return undefined;
  let findings: RuleFinding[] | undefined;
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const value = data[key];
    if (typeof value !== 'string' || !isKubeconfigLike(value)) continue;
    const field = credentialFields.exec(value)?.[1];
    if (field)
      (findings ??= []).push(
        objectFinding(configMap, pointer('data', key), `is a kubeconfig embedding ${field}`, value, true),
      );
  }
  return findings;
}
