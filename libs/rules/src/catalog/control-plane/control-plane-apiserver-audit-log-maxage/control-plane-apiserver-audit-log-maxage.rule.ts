import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagBelow } from '../../shared/control-plane.js';

/** CIS 1.2.17: --audit-log-maxage, when set, is at least 30 (unset or 0 removes no file by age). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagBelow(process, 'audit-log-maxage', 30);
}

export const controlPlaneApiserverAuditLogMaxageRule = defineRule({
  id: 'control-plane-apiserver-audit-log-maxage',
  title: 'The API server must keep audit logs for at least 30 days',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'Audit log files deleted after a few days leave nothing to investigate when an intrusion is found weeks later.',
  remediation: {
    text: 'Set --audit-log-maxage=30 or more (or ship the log to a store with that retention).',
    example: 'kube-apiserver --audit-log-maxage=30',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0131'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'audit log retention', problem),
});
