import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

/** The sysctls Pod Security Standards baseline calls safe (namespaced, isolated per pod). */
const safeSysctls = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const podUnsafeSysctlsRule = defineRule({
  id: 'pod-unsafe-sysctls',
  title: 'Pods must set only safe sysctls',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Unsafe sysctls are not isolated per pod: they change kernel behaviour for the whole node and every other workload on it. Pod Security Standards baseline allows only the safe set.',
  remediation: {
    text: 'Remove the sysctl from spec.securityContext.sysctls, or tune it on the node.',
    example:
      'securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV026'], 'kube-linter': ['unsafe-sysctls'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return (site.spec.securityContext?.sysctls ?? []).flatMap((sysctl, index) =>
    safeSysctls.has(sysctl.name)
      ? []
      : [
          podFinding(
            site,
            `${site.pointer}/securityContext/sysctls/${index}/name`,
            `is ${sysctl.name}, not a safe sysctl`,
            sysctl.name,
          ),
        ],
  );
}
