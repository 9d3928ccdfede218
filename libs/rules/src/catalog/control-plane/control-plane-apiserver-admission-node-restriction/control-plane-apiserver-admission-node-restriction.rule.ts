import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginNotEnabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.14: NodeRestriction is in --enable-admission-plugins. */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginNotEnabled(process, 'NodeRestriction');
}

export const controlPlaneApiserverAdmissionNodeRestrictionRule = defineRule({
  id: 'control-plane-apiserver-admission-node-restriction',
  title: 'The API server must enable the NodeRestriction admission plugin',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'NodeRestriction limits a kubelet to modifying its own Node and the pods bound to it; without it a compromised node can relabel other nodes and attract sensitive workloads.',
  remediation: {
    text: 'Add NodeRestriction to --enable-admission-plugins (with the Node authorizer).',
    example: 'kube-apiserver --enable-admission-plugins=NodeRestriction',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0127'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
