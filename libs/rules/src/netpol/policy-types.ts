/** Directions a NetworkPolicy can isolate. */
export type Direction = 'ingress' | 'egress';

/**
 * The directions a NetworkPolicy v1 applies to, per the API defaults: `spec.policyTypes` when set; otherwise
 * Ingress always, plus Egress when the policy has an `egress` section.
 */
export function effectivePolicyTypes(spec: { policyTypes?: unknown; egress?: unknown } | undefined): Set<Direction> {
  const types = spec?.policyTypes;
  if (Array.isArray(types) && types.length > 0) {
    const out = new Set<Direction>();
    for (const t of types) {
      if (t === 'Ingress') out.add('ingress');
      else if (t === 'Egress') out.add('egress');
    }
    return out;
  }
  const out = new Set<Direction>(['ingress']);
  if (spec?.egress !== undefined && spec.egress !== null) out.add('egress');
  return out;
}
