import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagSetTo } from '../../shared/control-plane.js';

/** CIS 1.2.21: --service-account-lookup is not false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagSetTo(process, 'service-account-lookup', ['false']);
}

export const controlPlaneApiserverServiceAccountLookupRule = defineRule({
  id: 'control-plane-apiserver-service-account-lookup',
  title: 'The API server must check that service account tokens still exist',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Without the lookup, a token of a deleted service account (or from a deleted Secret) stays valid until it expires.',
  remediation: {
    text: 'Remove --service-account-lookup=false.',
    example: 'kube-apiserver --service-account-lookup=true',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0135'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'service account token validation', problem),
});
