import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

interface Selector {
  matchLabels?: Record<string, string>;
}

/** A controller whose selector's matchLabels its own template does not carry manages no pod it creates. */
function checkController(object: K8sObject) {
  const spec = object.spec as
    { selector?: Selector; template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  const wanted = spec?.selector?.matchLabels ?? {};
  const labels = spec?.template?.metadata?.labels ?? {};
  const missing = Object.entries(wanted).filter(([key, value]) => labels[key] !== value);
  return missing.length === 0
    ? undefined
    : objectFinding(
        object,
        '/spec/selector/matchLabels',
        `selects ${missing.map(([key, value]) => `${key}=${value}`).join(', ')}, which spec.template.metadata.labels does not carry`,
        wanted,
      );
}

function checkAll(snapshot: Parameters<typeof evaluateObjects>[0]) {
  const results = (['deployments', 'statefulsets', 'daemonsets', 'replicasets'] as const).map((kind) =>
    evaluateObjects(snapshot, kind, checkController),
  );
  return {
    findings: results.flatMap((result) => result.findings),
    checked: results.reduce((sum, result) => sum + result.checked, 0),
  };
}

export const workloadSelectorMismatchRule = defineRule({
  id: 'workload-selector-mismatch',
  title: 'A controller\u2019s selector must match its own pod template',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'When the selector does not match the template labels the API rejects apps/v1 objects, but older API versions and generated manifests slip through: the controller then creates pods it does not count and keeps creating them.',
  remediation: {
    text: 'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
    example:
      'spec:\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }',
  },
  reads: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0296'], 'kube-linter': ['mismatching-selector'] },
  evaluate: ({ snapshot }) => checkAll(snapshot),
});
