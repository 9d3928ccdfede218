import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const podHostIpcRule = defineRule({
  id: 'pod-host-ipc',
  title: 'Pods must not share the host IPC namespace',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'hostIPC gives the container the shared memory and semaphores of every process on the node, a path to read or tamper with other workloads. Pod Security Standards baseline forbids it.',
  remediation: { text: 'Remove hostIPC from the pod spec.', example: 'spec:\n  hostIPC: false' },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0038'],
    polaris: ['hostIPCSet'],
    trivy: ['KSV008'],
    'kube-linter': ['host-ipc'],
    checkov: ['CKV_K8S_18'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return site.spec.hostIPC === true
    ? podFinding(site, `${site.pointer}/hostIPC`, 'is true', true)
    : undefined;
}
