import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { detectSecretContent, type SecretMatch } from '../../../secrets/secret-content.detector.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { pointer } from '../../../workload/resource-ref.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const configmapSecretContentRule = defineRule({
  id: 'configmap-secret-content',
  title: 'ConfigMaps must not hold secrets',
  area: 'configmap',
  severity: 'high',
  rationale:
    'ConfigMaps are readable by far more principals than Secrets (view roles, CI tooling, logs of kubectl describe) and are never encrypted at rest. Private keys, cloud keys, tokens and connection strings with passwords found in them are as good as published.',
  remediation: {
    text: 'Move the value into a Secret (or an external secret store) and reference it with secretKeyRef or a volume; rotate the exposed credential.',
    example: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: db, key: password }',
  },
  reads: ['configmaps'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0012'], polaris: ['sensitiveConfigmapContent'] },
  evaluate: ({ snapshot }) => evaluateObjects(snapshot, 'configmaps', secretContentFindings),
});

function secretContentFindings(configMap: K8sObject): RuleFinding[] | undefined {
  let findings: RuleFinding[] | undefined;
  const data = (configMap['data'] ?? {}) as Record<string, unknown>;
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const value = data[key];
    if (typeof value !== 'string') continue;
    const hit = detectSecretContent(key, value) ?? assignmentHit(value);
    if (hit) {
      (findings ??= []).push(
        ruleFinding(
          {
            apiVersion: configMap.apiVersion,
            kind: configMap.kind,
            namespace: configMap.metadata.namespace ?? 'default',
            name: configMap.metadata.name,
          },
          `data.${key} holds what looks like a ${hit.kind.replace(/-/g, ' ')} (${hit.confidence} confidence)`,
          [{ pointer: pointer('data', key), value, sensitive: true }],
        ),
      );
    }
  }
  return findings;
}

const assignment = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*[:=]\s*"?([^"\s]+)"?\s*$/;

/**
 * The first `name = value` / `name: value` line of a multi-line value that holds a secret. Lines are found by index
 * rather than split into an array, and only lines holding `:` or `=` (which every assignment does) are matched.
 */
function assignmentHit(value: string): SecretMatch | undefined {
  for (let start = 0; start <= value.length;) {
    let end = value.indexOf('\n', start);
    if (end < 0) end = value.length;
    if (hasAssignmentSign(value, start, end)) {
      const match = assignment.exec(value.slice(start, end));
      const hit = match ? detectSecretContent(match[1] ?? '', match[2] ?? '') : undefined;
      if (hit) return hit;
    }
    start = end + 1;
  }
  return undefined;
}

function hasAssignmentSign(value: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code === 58 /* : */ || code === 61 /* = */) return true;
  }
  return false;
}
