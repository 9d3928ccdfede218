import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { detectSecretContent } from '../../../secrets/secret-content.detector.js';
import { pointer } from '../../../workload/resource-ref.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';

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
  equivalents: { kubescape: ['C-0012'], polaris: ['sensitiveConfigmapContent'] },
  evaluate: ({ snapshot }) =>
    evaluateObjects(snapshot, 'configmaps', (configMap) => {
      const findings: RuleFinding[] = [];
      const data = (configMap['data'] ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(data)) {
        if (typeof value !== 'string') continue;
        const hit = detectSecretContent(key, value) ?? assignmentHit(value);
        if (hit) {
          findings.push({
            resource: {
              apiVersion: configMap.apiVersion,
              kind: configMap.kind,
              namespace: configMap.metadata.namespace ?? 'default',
              name: configMap.metadata.name,
            },
            message: `data.${key} holds what looks like a ${hit.kind.replace(/-/g, ' ')} (${hit.confidence} confidence)`,
            evidence: [{ pointer: pointer('data', key), value, sensitive: true }],
          });
        }
      }
      return findings;
    }),
});

const assignment = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*[:=]\s*"?([^"\s]+)"?\s*$/;

/** The first `name = value` / `name: value` line of a multi-line value that holds a secret. */
function assignmentHit(value: string): ReturnType<typeof detectSecretContent> {
  for (const line of value.includes('\n') ? value.split('\n') : [value]) {
    const match = assignment.exec(line);
    const hit = match ? detectSecretContent(match[1] ?? '', match[2] ?? '') : undefined;
    if (hit) return hit;
  }
  return undefined;
}
