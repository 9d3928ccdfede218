import { defineRule } from '../../../engine/rule.js';
import { evaluateApiServers } from '../../shared/control-plane.js';

export const monitoringAuditLoggingRule = defineRule({
  id: 'monitoring-audit-logging',
  title: 'The API server must write audit logs',
  area: 'monitoring',
  severity: 'high',
  rationale:
    'The audit log is the only record of who read which Secret, exec’d into which pod or changed which binding. Without an audit policy and a log or webhook backend, an intrusion cannot be reconstructed.',
  remediation: {
    text: 'Start kube-apiserver with --audit-policy-file and --audit-log-path (or --audit-webhook-config-file); on managed clusters enable control-plane audit logging.',
    example:
      'kube-apiserver --audit-policy-file=/etc/kubernetes/audit.yaml --audit-log-path=/var/log/kubernetes/audit.log',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0067'] },
  evaluate: ({ snapshot }) =>
    evaluateApiServers(snapshot, 'audit log setting', (server) => {
      const missing = [
        server.flags.has('audit-policy-file') ? undefined : '--audit-policy-file',
        server.flags.has('audit-log-path') || server.flags.has('audit-webhook-config-file')
          ? undefined
          : '--audit-log-path or --audit-webhook-config-file',
      ].filter((flag): flag is string => flag !== undefined);
      return missing.length === 0 ? undefined : `lacks ${missing.join(' and ')}`;
    }),
});
