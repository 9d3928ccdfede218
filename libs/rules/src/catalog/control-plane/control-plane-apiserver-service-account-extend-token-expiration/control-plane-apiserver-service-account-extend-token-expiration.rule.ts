import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.2.30: --service-account-extend-token-expiration=false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'service-account-extend-token-expiration', 'false', 'true');
}

export const controlPlaneApiserverServiceAccountExtendTokenExpirationRule = defineRule({
  id: 'control-plane-apiserver-service-account-extend-token-expiration',
  title: 'The API server must not extend service account token lifetimes',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'With extension on, projected tokens requested for an hour are issued for a year to ease migration; a leaked token stays usable far longer than its audience expects.',
  remediation: {
    text: 'Start kube-apiserver with --service-account-extend-token-expiration=false once workloads use the refreshed projected tokens.',
    example: 'kube-apiserver --service-account-extend-token-expiration=false',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0290'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'service account token lifetime', problem),
});
