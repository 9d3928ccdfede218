import type { ClusterSnapshot, K8sObject } from '@meshguard/rules';

/** Pod CIDRs the nodes report (spec.podCIDRs), the only networking fact readable with get/list alone. */
export function networkFactsOf(
  nodes: readonly K8sObject[] | undefined,
): ClusterSnapshot['network'] | undefined {
  const podCidrs = new Set<string>();
  for (const node of nodes ?? []) {
    const spec = node.spec ?? {};
    const cidrs = Array.isArray(spec.podCIDRs)
      ? spec.podCIDRs
      : typeof spec.podCIDR === 'string'
        ? [spec.podCIDR]
        : [];
    for (const cidr of cidrs) if (typeof cidr === 'string') podCidrs.add(cidr);
  }
  return podCidrs.size > 0 ? { podCidrs: [...podCidrs].sort() } : undefined;
}
