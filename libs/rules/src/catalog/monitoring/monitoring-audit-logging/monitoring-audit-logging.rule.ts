import { defineRule } from '../../../engine/rule.js';
import { refOf } from '../../../workload/resource-ref.js';
import { controlPlaneFlags } from '../../shared/control-plane.js';

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
  equivalents: { kubescape: ['C-0067'] },
  evaluate: ({ snapshot }) => {
    const apiServers = controlPlaneFlags(snapshot, 'kube-apiserver');
    if (apiServers.length === 0)
      return {
        findings: [],
        checked: 0,
        manual:
          'kube-apiserver flags are not visible (managed control plane): check the provider’s audit log setting',
      };
    return {
      checked: apiServers.length,
      findings: apiServers.flatMap((server) => {
        const missing = [
          server.flags.has('audit-policy-file') ? undefined : '--audit-policy-file',
          server.flags.has('audit-log-path') || server.flags.has('audit-webhook-config-file')
            ? undefined
            : '--audit-log-path or --audit-webhook-config-file',
        ].filter((flag): flag is string => flag !== undefined);
        return missing.length === 0
          ? []
          : [
              {
                resource: refOf(server.pod),
                container: server.container,
                message: `${server.commandField} lacks ${missing.join(' and ')}`,
                evidence: [{ pointer: server.pointer }],
              },
            ];
      }),
    };
  },
});
