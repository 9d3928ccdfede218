import type { ClusterVerdicts } from '@meshguard/db';

/** What fails on one side and passes on the other (one direction each). */
export interface Divergence {
  failingOnlyInBase: string[];
  failingOnlyInCompare: string[];
}

export interface NamespaceDivergence {
  /** Namespaces checked on both sides with a default-deny policy in the base and none in the other. */
  defaultDenyOnlyInBase: string[];
  defaultDenyOnlyInCompare: string[];
}

export interface ClusterDrift {
  rules: Divergence;
  /** framework id → controls failing on one side and passing on the other (frameworks without any are left out). */
  controls: Record<string, Divergence>;
  /** Per direction; null when either side could not evaluate it. */
  namespaces: Record<'ingress' | 'egress', NamespaceDivergence | null>;
}

/** Base against one other cluster: only fail-versus-pass counts; unknown, manual or not-applicable on a side is no drift. */
export function clusterDrift(base: ClusterVerdicts, other: ClusterVerdicts): ClusterDrift {
  const controls: Record<string, Divergence> = {};
  for (const framework of Object.keys(base.controls).sort()) {
    const divergence = diverge(base.controls[framework] ?? {}, other.controls[framework] ?? {});
    if (divergence.failingOnlyInBase.length + divergence.failingOnlyInCompare.length > 0) controls[framework] = divergence;
  }
  return {
    rules: diverge(base.rules, other.rules),
    controls,
    namespaces: { ingress: namespaces(base, other, 'ingress'), egress: namespaces(base, other, 'egress') },
  };
}

function diverge(base: Record<string, string>, other: Record<string, string>): Divergence {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(other)])].sort();
  return {
    failingOnlyInBase: keys.filter((key) => base[key] === 'fail' && other[key] === 'pass'),
    failingOnlyInCompare: keys.filter((key) => other[key] === 'fail' && base[key] === 'pass'),
  };
}

function namespaces(base: ClusterVerdicts, other: ClusterVerdicts, direction: 'ingress' | 'egress'): NamespaceDivergence | null {
  const a = base.defaultDeny[direction];
  const b = other.defaultDeny[direction];
  if (!a || !b) return null;
  const covered = (side: { covered: string[] }) => new Set(side.covered);
  const missing = (side: { missing: string[] }) => new Set(side.missing);
  return {
    defaultDenyOnlyInBase: a.covered.filter((namespace) => missing(b).has(namespace)),
    defaultDenyOnlyInCompare: b.covered.filter((namespace) => missing(a).has(namespace) && !covered(a).has(namespace)),
  };
}
