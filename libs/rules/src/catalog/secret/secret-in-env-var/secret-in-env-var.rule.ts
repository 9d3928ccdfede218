import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const secretInEnvVarRule = defineRule({
  id: 'secret-in-env-var',
  title: 'Secrets should be mounted as files, not exposed as environment variables',
  area: 'secret',
  severity: 'low',
  rationale:
    'Environment variables leak: they are inherited by every child process, printed in crash dumps and debug endpoints, visible in /proc to anything sharing the PID namespace, and never updated when the Secret rotates. Mounted files avoid all of these.',
  remediation: {
    text: 'Mount the Secret as a volume and read the file.',
    example:
      'volumes:\n  - name: db\n    secret: { secretName: db }\ncontainers:\n  - volumeMounts:\n      - { name: db, mountPath: /run/secrets/db, readOnly: true }',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0207'],
    'kube-linter': ['read-secret-from-env-var'],
    checkov: ['CKV_K8S_35'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const findings: RuleFinding[] = [];
  (site.container.env ?? []).forEach((variable, index) => {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref)
      findings.push(
        containerFinding(
          site,
          `${site.pointer}/env/${index}/valueFrom/secretKeyRef`,
          `exposes Secret ${ref.name ?? '?'} key ${ref.key ?? '?'} as ${variable.name}`,
          { name: ref.name, key: ref.key },
        ),
      );
  });
  (site.container.envFrom ?? []).forEach((source, index) => {
    if (source.secretRef)
      findings.push(
        containerFinding(
          site,
          `${site.pointer}/envFrom/${index}/secretRef`,
          `exposes every key of Secret ${source.secretRef.name ?? '?'} as environment variables`,
          { name: source.secretRef.name },
        ),
      );
  });
  return findings;
}
