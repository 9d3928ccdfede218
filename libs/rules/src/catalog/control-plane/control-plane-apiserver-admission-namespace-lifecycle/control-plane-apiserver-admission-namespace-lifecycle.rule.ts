import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginDisabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.13: NamespaceLifecycle is not in --disable-admission-plugins (it is on by default). */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginDisabled(process, 'NamespaceLifecycle');
}

export const controlPlaneApiserverAdmissionNamespaceLifecycleRule = defineRule({
  id: 'control-plane-apiserver-admission-namespace-lifecycle',
  title: 'The API server must keep the NamespaceLifecycle admission plugin',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'NamespaceLifecycle refuses objects in namespaces that do not exist or are being deleted; without it objects survive their namespace and escape its policies.',
  remediation: {
    text: 'Remove NamespaceLifecycle from --disable-admission-plugins.',
    example: 'kube-apiserver --disable-admission-plugins=""',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0126'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
