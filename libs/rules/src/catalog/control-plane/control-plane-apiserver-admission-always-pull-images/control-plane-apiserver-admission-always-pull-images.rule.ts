import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  admissionPluginNotEnabled,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.11: AlwaysPullImages is in --enable-admission-plugins. */
function problem(process: ControlPlaneProcess): string | undefined {
  return admissionPluginNotEnabled(process, 'AlwaysPullImages');
}

export const controlPlaneApiserverAdmissionAlwaysPullImagesRule = defineRule({
  id: 'control-plane-apiserver-admission-always-pull-images',
  title: 'The API server should enable the AlwaysPullImages admission plugin',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Images cached on a node can be run by any pod on that node without registry credentials; AlwaysPullImages forces a pull, so registry authorization is checked for every pod.',
  remediation: {
    text: 'Add AlwaysPullImages to --enable-admission-plugins (weigh the registry load on large clusters).',
    example: 'kube-apiserver --enable-admission-plugins=NodeRestriction,AlwaysPullImages',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0123'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'admission plugin settings', problem),
});
