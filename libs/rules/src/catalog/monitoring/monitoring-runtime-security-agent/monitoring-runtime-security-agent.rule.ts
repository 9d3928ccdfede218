import { defineRule } from '../../../engine/rule.js';
import { globMatch } from '../../../engine/glob.js';

export const monitoringRuntimeSecurityAgentRule = defineRule({
  id: 'monitoring-runtime-security-agent',
  title: 'A runtime security agent should run on the nodes',
  area: 'monitoring',
  severity: 'medium',
  rationale:
    'Admission checks see manifests, not behaviour. A runtime sensor (Falco, Tetragon, Sysdig, a cloud provider agent) detects shells in containers, unexpected network connections and privilege escalation as they happen.',
  remediation: {
    text: 'Deploy the agent as a DaemonSet that tolerates every node taint, and list its name in the agents param if it is not recognised.',
    example: 'params:\n  monitoring-runtime-security-agent:\n    agents: ["falco/falco"]',
  },
  reads: ['daemonsets'],
  equivalents: {},
  params: {
    agents: {
      default: [
        '*falco*',
        '*tetragon*',
        '*sysdig*',
        '*aqua*',
        '*twistlock*',
        '*prisma-cloud*',
        '*defender*',
        '*crowdstrike*',
        '*falcon*',
        '*sentinelone*',
        '*neuvector*',
        '*kubearmor*',
        '*tracee*',
        '*wiz*',
        '*datadog*',
        '*stackrox*',
        '*collector*',
      ] as string[],
      description: 'DaemonSet name globs that count as such an agent ("name" or "namespace/name").',
    },
  },
  evaluate: ({ snapshot, params }) => {
    const daemonSets = snapshot.resources.daemonsets ?? [];
    const found = daemonSets.some((daemonSet) =>
      params.agents.some((pattern) =>
        globMatch(
          pattern,
          pattern.includes('/')
            ? `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`
            : daemonSet.metadata.name,
        ),
      ),
    );
    if (found) return { findings: [], checked: 1 };
    return {
      findings: [
        {
          resource: { apiVersion: 'meshguard.io/v1', kind: 'Cluster', name: 'cluster' },
          message: `no DaemonSet matches the agent patterns (${params.agents.slice(0, 4).join(', ')}…) among ${daemonSets.length} DaemonSet(s)`,
          evidence: [
            {
              pointer: '/resources/daemonsets',
              value: daemonSets
                .map((daemonSet) => `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`)
                .slice(0, 20),
            },
          ],
        },
      ],
      checked: 1,
    };
  },
});
