import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginNotEnabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.9: EventRateLimit is in --enable-admission-plugins. */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginNotEnabled(process, 'EventRateLimit');
}

export const controlPlaneApiserverAdmissionEventRateLimitRule = defineRule({
  id: 'control-plane-apiserver-admission-event-rate-limit',
  title: 'The API server must rate-limit events with EventRateLimit',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'A noisy or hostile client can flood the API server and etcd with Event objects; EventRateLimit caps the rate per server, namespace, user or source.',
  remediation: {
    text: 'Add EventRateLimit to --enable-admission-plugins and configure its limits in --admission-control-config-file.',
    example:
      'kube-apiserver --enable-admission-plugins=NodeRestriction,EventRateLimit --admission-control-config-file=/etc/kubernetes/admission.yaml',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0121'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
