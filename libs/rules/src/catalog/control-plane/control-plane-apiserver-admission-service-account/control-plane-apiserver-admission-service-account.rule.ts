import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginDisabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.12: ServiceAccount is not in --disable-admission-plugins (it is on by default). */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginDisabled(process, 'ServiceAccount');
}

export const controlPlaneApiserverAdmissionServiceAccountRule = defineRule({
  id: 'control-plane-apiserver-admission-service-account',
  title: 'The API server must keep the ServiceAccount admission plugin',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'The ServiceAccount plugin assigns a service account to every pod and checks that it exists; without it pods can name service accounts that do not exist and token projection breaks.',
  remediation: {
    text: 'Remove ServiceAccount from --disable-admission-plugins.',
    example: 'kube-apiserver --disable-admission-plugins=""',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0125'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
