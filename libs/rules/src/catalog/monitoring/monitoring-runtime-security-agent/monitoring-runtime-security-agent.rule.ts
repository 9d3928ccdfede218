import { defineRule } from '../../../engine/rule.js';
import { evaluateNodeAgentPresence } from '../../shared/node-agent-presence.js';

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
  evidenceScope: 'cluster-inventory',
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
  evaluate: ({ snapshot, params }) => evaluateNodeAgentPresence(snapshot, params.agents),
});
