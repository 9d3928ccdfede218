import { defineRule } from '../../../engine/rule.js';
import { evaluateNodeAgentPresence } from '../../shared/node-agent-presence.js';

export const monitoringLogAgentMissingRule = defineRule({
  id: 'monitoring-log-agent-missing',
  title: 'A log collection agent must run on the nodes',
  area: 'monitoring',
  severity: 'medium',
  rationale:
    'Without a node-level log shipper, container logs live only on the node and vanish with it: incident response has nothing to read, and attackers’ traces rotate away within hours.',
  remediation: {
    text: 'Deploy the agent as a DaemonSet that tolerates every node taint, and list its name in the agents param if it is not recognised.',
    example: 'params:\n  monitoring-log-agent-missing:\n    agents: ["logging/fluent-bit"]',
  },
  reads: ['daemonsets'],
  evidenceScope: 'cluster-inventory',
  equivalents: {},
  params: {
    agents: {
      default: [
        '*fluent-bit*',
        '*fluentbit*',
        '*fluentd*',
        '*vector*',
        '*promtail*',
        '*alloy*',
        '*filebeat*',
        '*datadog*',
        '*otel*collector*',
        '*opentelemetry*',
        '*splunk*',
        '*logging-agent*',
        '*loki*',
        '*elastic-agent*',
        '*newrelic*',
        '*dynatrace*',
        '*ama-logs*',
        '*cloudwatch*',
      ] as string[],
      description: 'DaemonSet name globs that count as such an agent ("name" or "namespace/name").',
    },
  },
  evaluate: ({ snapshot, params }) => evaluateNodeAgentPresence(snapshot, params.agents),
});
