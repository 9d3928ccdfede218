import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { detectSecretContent } from '../../../secrets/secret-content.detector.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { fieldPath } from '../../../workload/resource-ref.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const containerEnvLiteralSecretRule = defineRule({
  id: 'container-env-literal-secret',
  title: 'Environment variables must not hold literal secrets',
  area: 'configmap',
  severity: 'high',
  rationale:
    'A password or token written as env[].value lives in the workload manifest: in Git, in every kubectl get -o yaml, in audit logs and in anyone’s view role. It cannot be rotated without a redeploy.',
  remediation: {
    text: 'Store the value in a Secret and reference it (ideally mounted as a file).',
    example: 'env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: { name: api, key: token }',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0012'],
    polaris: ['sensitiveContainerEnvVar'],
    'kube-linter': ['env-var-secret'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, literalSecretFindings),
});

function literalSecretFindings(site: ContainerSite): RuleFinding[] | undefined {
  let findings: RuleFinding[] | undefined;
  const env = site.container.env ?? [];
  for (let index = 0; index < env.length; index++) {
    const variable = env[index]!;
    if (typeof variable.value !== 'string') continue;
    const hit = detectSecretContent(variable.name, variable.value);
    if (!hit) continue;
    const valuePointer = `${site.pointer}/env/${index}/value`;
    (findings ??= []).push(
      ruleFinding(
        site.site.ref,
        `${fieldPath(valuePointer)} (${variable.name}) holds a literal ${hit.kind.replace(/-/g, ' ')}`,
        [
          { pointer: valuePointer, value: variable.value, sensitive: true },
          { pointer: `${site.pointer}/env/${index}/name`, value: variable.name },
        ],
        site.container.name,
      ),
    );
  }
  return findings;
}
