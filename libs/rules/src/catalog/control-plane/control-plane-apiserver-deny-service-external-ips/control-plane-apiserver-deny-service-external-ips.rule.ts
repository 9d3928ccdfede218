import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginNotEnabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.3: DenyServiceExternalIPs is in --enable-admission-plugins. */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginNotEnabled(process, 'DenyServiceExternalIPs');
}

export const controlPlaneApiserverDenyServiceExternalIpsRule = defineRule({
  id: 'control-plane-apiserver-deny-service-external-ips',
  title: 'The API server must enable the DenyServiceExternalIPs admission plugin',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Anyone who may create a Service can set spec.externalIPs and intercept traffic to any address (CVE-2020-8554). The plugin rejects new externalIPs.',
  remediation: {
    text: 'Add DenyServiceExternalIPs to --enable-admission-plugins.',
    example: 'kube-apiserver --enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0283'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
