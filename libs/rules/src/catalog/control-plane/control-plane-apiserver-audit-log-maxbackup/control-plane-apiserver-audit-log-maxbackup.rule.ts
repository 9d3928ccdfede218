import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagBelow } from '../../shared/control-plane.js';

/** CIS 1.2.18: --audit-log-maxbackup, when set, is at least 10 (unset or 0 keeps every file). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagBelow(process, 'audit-log-maxbackup', 10);
}

export const controlPlaneApiserverAuditLogMaxbackupRule = defineRule({
  id: 'control-plane-apiserver-audit-log-maxbackup',
  title: 'The API server must keep at least 10 rotated audit log files',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'With few rotated files kept, a burst of requests rotates the evidence away before anyone reads it.',
  remediation: {
    text: 'Set --audit-log-maxbackup=10 or more.',
    example: 'kube-apiserver --audit-log-maxbackup=10',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0132'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'audit log retention', problem),
});
