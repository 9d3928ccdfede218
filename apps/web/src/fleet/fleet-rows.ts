import type { components } from '@meshguard/api-client';
import { parseKubernetesVersion, releaseOf } from '@meshguard/rules/kubernetes-releases';

type Cluster = components['schemas']['ClusterDto'];
type Scan = components['schemas']['ScanDto'];

export const coverageStates = ['current', 'stale', 'unreachable', 'partial', 'never-scanned'] as const;
export type CoverageState = (typeof coverageStates)[number];

export interface KubernetesSupport {
  version: string | null;
  /** Past upstream end of life, not yet, or a version the release table does not know. */
  support: 'supported' | 'end-of-life' | 'unknown';
  endOfLife: string | null;
}

export interface FleetRow {
  id: string;
  name: string;
  labels: Record<string, string>;
  score: number | null;
  /** Scores of the last finished scans, oldest first. */
  trend: (number | null)[];
  critical: number;
  high: number;
  coverage: CoverageState;
  /** Why the latest scan failed, or what it could not read. */
  coverageNote: string | null;
  kubernetes: KubernetesSupport;
  lastScanAt: string | null;
}

/** A successful scan older than this is stale (two missed daily schedules). */
export const staleAfterMs = 48 * 3_600_000;

const finished = new Set(['succeeded', 'partial', 'failed']);

/** Coverage of a cluster from its scans, newest first: the state the fleet page sorts and filters by. */
export function coverageOf(scans: readonly Scan[], now: Date): { state: CoverageState; note: string | null } {
  const latest = scans.find((scan) => finished.has(scan.status));
  if (!latest) return { state: 'never-scanned', note: null };
  if (latest.status === 'failed') return { state: 'unreachable', note: latest.failureReason ?? 'the scan failed' };
  if (latest.status === 'partial') return { state: 'partial', note: gapsOf(latest).join(', ') || 'some kinds could not be read' };
  const at = new Date(latest.finishedAt ?? latest.requestedAt).getTime();
  return now.getTime() - at > staleAfterMs ? { state: 'stale', note: 'no successful scan in 48 h' } : { state: 'current', note: null };
}

/** The kinds a scan could not read, from its coverage record. */
export function gapsOf(scan: Scan): string[] {
  const gaps = (scan.coverage as { gaps?: unknown }).gaps;
  if (!Array.isArray(gaps)) return [];
  return gaps.flatMap((gap: unknown) => {
    const { kind, reason } = (gap ?? {}) as { kind?: unknown; reason?: unknown };
    return typeof kind === 'string' ? [`${kind}${typeof reason === 'string' ? ` (${reason})` : ''}`] : [];
  });
}

export function kubernetesSupportOf(version: string | null, now: Date): KubernetesSupport {
  const parsed = parseKubernetesVersion(version ?? undefined);
  const release = parsed ? releaseOf(parsed) : undefined;
  if (!release) return { version, support: 'unknown', endOfLife: null };
  return { version, support: new Date(release.endOfLife) < now ? 'end-of-life' : 'supported', endOfLife: release.endOfLife };
}

function severityCount(scan: Scan | undefined, severity: 'critical' | 'high'): number {
  const summary = scan?.summary as { findings?: { bySeverity?: Record<string, number> } } | null | undefined;
  return summary?.findings?.bySeverity?.[severity] ?? 0;
}

/** One fleet row from a cluster and its recent scans (newest first). */
export function fleetRowOf(cluster: Cluster, scans: readonly Scan[], now: Date): FleetRow {
  const done = scans.filter((scan) => scan.status === 'succeeded' || scan.status === 'partial');
  const latest = done[0];
  const coverage = coverageOf(scans, now);
  const lastFinished = scans.find((scan) => finished.has(scan.status));
  return {
    id: cluster.id,
    name: cluster.name,
    labels: (cluster.labels ?? {}) as Record<string, string>,
    score: latest?.score ?? null,
    trend: done.map((scan) => scan.score).reverse(),
    critical: severityCount(latest, 'critical'),
    high: severityCount(latest, 'high'),
    coverage: coverage.state,
    coverageNote: coverage.note,
    kubernetes: kubernetesSupportOf(cluster.serverVersion, now),
    lastScanAt: lastFinished?.finishedAt ?? null,
  };
}

const coverageRank: Record<CoverageState, number> = { unreachable: 0, 'never-scanned': 1, partial: 2, stale: 3, current: 4 };

/** Worst first: unscored and failing clusters, then lowest score, most criticals, most highs, then by name. */
export function worstFirst(a: FleetRow, b: FleetRow): number {
  return (
    (a.score ?? -1) - (b.score ?? -1) ||
    b.critical - a.critical ||
    b.high - a.high ||
    coverageRank[a.coverage] - coverageRank[b.coverage] ||
    a.name.localeCompare(b.name)
  );
}

export interface FleetFilter {
  /** `key=value` pairs that must all match. */
  labels: string[];
  coverage: CoverageState | 'any';
  /** Only clusters with at least one open finding of this severity. */
  severity: 'critical' | 'high' | 'any';
  text: string;
}

export const noFilter: FleetFilter = { labels: [], coverage: 'any', severity: 'any', text: '' };

export function matchesFilter(row: FleetRow, filter: FleetFilter): boolean {
  if (filter.coverage !== 'any' && row.coverage !== filter.coverage) return false;
  if (filter.severity === 'critical' && row.critical === 0) return false;
  if (filter.severity === 'high' && row.critical + row.high === 0) return false;
  if (filter.text && !row.name.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return filter.labels.every((pair) => {
    const [key, value] = pair.split('=', 2);
    return key !== undefined && (value === undefined ? key in row.labels : row.labels[key] === value);
  });
}

export interface FleetGroup {
  /** The label value, or null for rows without the label. */
  value: string | null;
  rows: FleetRow[];
}

/** Groups rows by one label key, groups in name order with the unlabelled last; rows keep their order. */
export function groupByLabel(rows: readonly FleetRow[], key: string): FleetGroup[] {
  const groups = new Map<string | null, FleetRow[]>();
  for (const row of rows) {
    const value = row.labels[key] ?? null;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return [...groups.entries()]
    .map(([value, grouped]) => ({ value, rows: grouped }))
    .sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
}

/** Every label key used in the fleet, for the group-by menu. */
export function labelKeysOf(rows: readonly FleetRow[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row.labels)))].sort();
}
