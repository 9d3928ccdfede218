import type { FleetGroupTally } from '@meshguard/db';
import { coverageStates, fleetGroups, fleetSeverities, type CoverageState, type FleetGroup, type FleetSeverity, type FleetSort, type RankedCluster, type sortKey } from '../../src/fleet/fleet-overview.js';

// The fleet overview's former in-memory ranking, kept as the reference the database's ranking (FleetRepository.rank)
// is held equal to in fleet-ranking.spec.ts.

export interface FleetFilter {
  coverage?: readonly CoverageState[];
  /** Clusters with at least one open finding of one of these severities. */
  severity?: readonly FleetSeverity[];
}

export function matchesFilter(cluster: RankedCluster, filter: FleetFilter): boolean {
  if (filter.coverage?.length && !filter.coverage.includes(cluster.coverage.state)) return false;
  if (filter.severity?.length && !filter.severity.some((severity) => (cluster.open?.[severity] ?? 0) > 0)) return false;
  return true;
}

/**
 * Worst first: unknown clusters (nothing measured) lead, then the lowest score, the most critical and high
 * findings; name and id break ties so pages are stable. `name` sorts by name alone.
 */
export function compareKeys(a: ReturnType<typeof sortKey>, b: ReturnType<typeof sortKey>, sort: FleetSort): number {
  const byName = a.n < b.n ? -1 : a.n > b.n ? 1 : a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  if (sort === 'name') return byName;
  return (
    Number(a.u) - Number(b.u) ||
    Number(a.s) - Number(b.s) ||
    Number(b.c) - Number(a.c) ||
    Number(b.h) - Number(a.h) ||
    byName
  );
}

/**
 * Per-group aggregates over every filtered cluster (not just one page), given in the sort order: the reference the
 * database's ranking (FleetRepository.rank) is held equal to.
 */
export function groupClusters(clusters: readonly RankedCluster[], key: string): FleetGroup[] {
  const tallies = new Map<string | null, FleetGroupTally>();
  for (const cluster of clusters) {
    // Own labels only: a key such as `toString` must not find Object.prototype's function.
    const value = Object.hasOwn(cluster.labels, key) ? (cluster.labels[key] ?? null) : null;
    let tally = tallies.get(value);
    if (!tally) {
      const coverage = Object.fromEntries(coverageStates.map((state) => [state, 0])) as Record<CoverageState, number>;
      tally = { value, clusters: 0, unknown: 0, scoreSum: 0, scored: 0, minScore: null, open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, coverage };
      tallies.set(value, tally);
    }
    tally.clusters += 1;
    if (cluster.compliance === 'unknown') tally.unknown += 1;
    if (cluster.score !== null) {
      tally.scoreSum += cluster.score;
      tally.scored += 1;
      tally.minScore = tally.minScore === null ? cluster.score : Math.min(tally.minScore, cluster.score);
    }
    for (const severity of fleetSeverities) tally.open[severity] += cluster.open?.[severity] ?? 0;
    tally.coverage[cluster.coverage.state] += 1;
  }
  return fleetGroups(key, [...tallies.values()]);
}

