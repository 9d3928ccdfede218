import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane } from '../../shared/control-plane.js';

/** CIS 1.2.16: --audit-log-path is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return process.flags.has('audit-log-path') || process.flags.has('audit-webhook-config-file')
    ? undefined
    : 'lacks --audit-log-path (and --audit-webhook-config-file)';
}

export const controlPlaneApiserverAuditLogPathRule = defineRule({
  id: 'control-plane-apiserver-audit-log-path',
  title: 'The API server must write an audit log file',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Without an audit log backend, the API server keeps no record of who did what; incidents cannot be reconstructed.',
  remediation: {
    text: 'Set --audit-log-path (or an audit webhook) together with --audit-policy-file.',
    example:
      'kube-apiserver --audit-log-path=/var/log/kubernetes/audit/audit.log --audit-policy-file=/etc/kubernetes/audit-policy.yaml',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0130'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'audit log setting', problem),
});
