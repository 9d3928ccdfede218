import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagBelow } from '../../shared/control-plane.js';

/** CIS 1.2.19: --audit-log-maxsize, when set, is at least 100 (unset or 0 rotates at 100 MB). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagBelow(process, 'audit-log-maxsize', 100);
}

export const controlPlaneApiserverAuditLogMaxsizeRule = defineRule({
  id: 'control-plane-apiserver-audit-log-maxsize',
  title: 'The API server must rotate audit logs at 100 MB or more',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'Small audit log files rotate quickly and, with a bounded number of backups, shorten how far back the record reaches.',
  remediation: {
    text: 'Set --audit-log-maxsize=100 or more.',
    example: 'kube-apiserver --audit-log-maxsize=100',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0133'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'audit log retention', problem),
});
