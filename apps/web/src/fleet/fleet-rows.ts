import type { components } from '@meshguard/api-client';
import { parseKubernetesVersion, releaseOf } from '@meshguard/rules/kubernetes-releases';

type FleetCluster = components['schemas']['FleetClusterDto'];
type Scan = components['schemas']['ScanDto'];

export const coverageStates = ['current', 'stale', 'unreachable', 'partial', 'never-scanned'] as const;
export type CoverageState = (typeof coverageStates)[number];

export interface KubernetesSupport {
  version: string | null;
  /** Past upstream end of life, not yet, or a version the release table does not know. */
  support: 'supported' | 'end-of-life' | 'unknown';
  endOfLife: string | null;
}

/** One row of the fleet table, as the page draws it. */
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
  /** Why the cluster is not current (failed scan, stale, unreadable kinds). */
  coverageNote: string | null;
  kubernetes: KubernetesSupport;
  lastScanAt: string | null;
  scanning: boolean;
}

const isCoverageState = (state: string): state is CoverageState => (coverageStates as readonly string[]).includes(state);
const isSupport = (status: string): status is KubernetesSupport['support'] => ['supported', 'end-of-life', 'unknown'].includes(status);

/** A fleet row from the API's overview of one cluster (GET /v1/fleet). */
export function fleetRowOf(cluster: FleetCluster): FleetRow {
  return {
    id: cluster.id,
    name: cluster.name,
    labels: cluster.labels,
    score: cluster.score,
    trend: cluster.recentScores,
    critical: cluster.open?.critical ?? 0,
    high: cluster.open?.high ?? 0,
    coverage: isCoverageState(cluster.coverage.state) ? cluster.coverage.state : 'never-scanned',
    coverageNote: cluster.coverage.reason,
    kubernetes: {
      version: cluster.kubernetes.version,
      support: isSupport(cluster.kubernetes.status) ? cluster.kubernetes.status : 'unknown',
      endOfLife: cluster.kubernetes.endOfLife,
    },
    lastScanAt: cluster.lastScan?.finishedAt ?? cluster.lastScan?.requestedAt ?? null,
    scanning: cluster.scanning,
  };
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

export interface FleetFilter {
  /** `key=value` pairs that must all match. */
  labels: string[];
  coverage: CoverageState | 'any';
  /** Only clusters with at least one open finding of this severity (`high`: critical or high). */
  severity: 'critical' | 'high' | 'any';
}

export const noFilter: FleetFilter = { labels: [], coverage: 'any', severity: 'any' };

export const fleetPageSize = 50;

/** The query of GET /v1/fleet for a filter, a group-by key and a page cursor; worst first. */
export function fleetQueryOf(filter: FleetFilter, groupKey: string | null, cursor: string | null) {
  return {
    limit: fleetPageSize,
    sort: 'worst' as const,
    ...(filter.labels.length > 0 ? { selector: filter.labels.join(',') } : {}),
    ...(filter.coverage !== 'any' ? { coverage: [filter.coverage] } : {}),
    ...(filter.severity === 'critical' ? { severity: ['critical' as const] } : filter.severity === 'high' ? { severity: ['critical' as const, 'high' as const] } : {}),
    ...(groupKey ? { groupBy: groupKey } : {}),
    ...(cursor ? { cursor } : {}),
  };
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
    const value = Object.hasOwn(row.labels, key) ? (row.labels[key] ?? null) : null;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return [...groups.entries()]
    .map(([value, grouped]) => ({ value, rows: grouped }))
    .sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
}

/** Every label key on the rows, for the group-by menu (the chosen key stays offered when no row carries it). */
export function labelKeysOf(rows: readonly FleetRow[], chosen: string | null = null): string[] {
  return [...new Set([...rows.flatMap((row) => Object.keys(row.labels)), ...(chosen ? [chosen] : [])])].sort();
}
