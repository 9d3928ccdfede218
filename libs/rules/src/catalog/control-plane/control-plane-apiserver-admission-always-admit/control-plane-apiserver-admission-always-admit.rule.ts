import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  enabledAdmissionPlugins,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.10: AlwaysAdmit is not in --enable-admission-plugins. */
function problem(process: ControlPlaneProcess): string | undefined {
  return enabledAdmissionPlugins(process).includes('AlwaysAdmit')
    ? 'enables the AlwaysAdmit admission plugin'
    : undefined;
}

export const controlPlaneApiserverAdmissionAlwaysAdmitRule = defineRule({
  id: 'control-plane-apiserver-admission-always-admit',
  title: 'The API server must not enable the AlwaysAdmit admission plugin',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'AlwaysAdmit admits every request regardless of the other admission controllers, which switches off admission-time policy such as Pod Security Admission.',
  remediation: {
    text: 'Remove AlwaysAdmit from --enable-admission-plugins.',
    example: 'kube-apiserver --enable-admission-plugins=NodeRestriction,EventRateLimit',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0122'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
