import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.3.3: --use-service-account-credentials=true. */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'use-service-account-credentials', 'true', 'false');
}

export const controlPlaneControllerManagerServiceAccountCredentialsRule = defineRule({
  id: 'control-plane-controller-manager-service-account-credentials',
  title: 'The controller manager must run each controller with its own service account',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Without per-controller credentials every controller acts with the controller manager\u2019s own, very broad, identity; with them each gets only its bootstrap role.',
  remediation: {
    text: 'Start kube-controller-manager with --use-service-account-credentials=true.',
    example: 'kube-controller-manager --use-service-account-credentials=true',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0146'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'controller credentials', problem),
});
