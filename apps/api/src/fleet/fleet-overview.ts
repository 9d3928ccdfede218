import { clusterCoverageStates, type ClusterFleetFacts, type FleetGroupTally, type OpenCounts, type PastClusterState } from '@meshguard/db';
import { CronExpressionParser } from 'cron-parser';
import { kubernetesSupport, type KubernetesSupport } from './kubernetes-support.js';

export const coverageStates = clusterCoverageStates;
export type CoverageState = (typeof coverageStates)[number];
export const fleetSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type FleetSeverity = (typeof fleetSeverities)[number];

/** How far what meshguard knows about a cluster can be trusted now. */
export interface Coverage {
  state: CoverageState;
  /** Why it is unreachable, stale or never scanned; null when current. */
  reason: string | null;
  /** Kinds the latest finished scan could not read (partial). */
  missingKinds: string[];
  lastSuccessAt: Date | null;
  /** A cluster is stale once this passes without a successful scan (twice its schedule interval, or 24 h). */
  staleAfter: Date | null;
}

export interface ScoreChange {
  /** When the compared state was measured (the latest finished scan at or before then). */
  since: Date;
  score: number | null;
  critical: number;
  high: number;
}

export interface FleetCluster {
  id: string;
  name: string;
  labels: Record<string, string>;
  lastScan: ClusterFleetFacts['lastScan'];
  scanning: boolean;
  /** `unknown` when nothing was ever measured (never scanned, or every scan failed): never counted as compliant. */
  compliance: 'measured' | 'unknown';
  score: number | null;
  open: OpenCounts | null;
  change: { days7: ScoreChange | null; days30: ScoreChange | null };
  kubernetes: KubernetesSupport;
  coverage: Coverage;
}

export interface FleetGroup {
  key: string;
  /** The label's value; null for clusters without the label. */
  value: string | null;
  clusters: number;
  /** Clusters with no measurement (counted apart, never as compliant). */
  unknown: number;
  averageScore: number | null;
  minScore: number | null;
  open: OpenCounts;
  coverage: Record<CoverageState, number>;
}

const hourMs = 3_600_000;
/** The stale window of a cluster without a schedule. */
export const defaultStaleMs = 24 * hourMs;

/** A cluster as the overview ranks it: everything but its change since 7 and 30 days ago (read for a page only). */
export type RankedCluster = Omit<FleetCluster, 'change'>;

/** The overview of one cluster at `now`, from its stored facts. */
export function fleetCluster(facts: ClusterFleetFacts, now: Date): RankedCluster {
  const latest = facts.latest;
  return {
    id: facts.id,
    name: facts.name,
    labels: facts.labels,
    lastScan: facts.lastScan,
    scanning: facts.activeScanId !== null,
    compliance: latest ? 'measured' : 'unknown',
    score: latest?.score ?? null,
    open: latest?.open ?? null,
    kubernetes: kubernetesSupport(latest?.scannedVersion ?? facts.serverVersion, now),
    coverage: coverageOf(facts, now),
  };
}

/** The cluster with its change since its states 7 and 30 days before now. */
export function withChange(cluster: RankedCluster, past: { weekAgo: PastClusterState | null; monthAgo: PastClusterState | null } | undefined): FleetCluster {
  return { ...cluster, change: { days7: changeSince(cluster, past?.weekAgo ?? null), days30: changeSince(cluster, past?.monthAgo ?? null) } };
}

function changeSince(cluster: RankedCluster, then: PastClusterState | null): ScoreChange | null {
  if (!cluster.open || !then) return null;
  return {
    since: then.collectedAt,
    score: cluster.score !== null && then.score !== null ? round(cluster.score - then.score) : null,
    critical: cluster.open.critical - then.open.critical,
    high: cluster.open.high - then.open.high,
  };
}

/** The coverage state; the first that applies wins: never-scanned, unreachable, stale, partial, current. */
export function coverageOf(facts: ClusterFleetFacts, now: Date): Coverage {
  const latest = facts.latest;
  const lastSuccessAt = latest?.collectedAt ?? null;
  const staleAfter = lastSuccessAt ? new Date(lastSuccessAt.getTime() + staleWindowMs(facts.schedule, now)) : null;
  const base = { missingKinds: latest?.gaps ?? [], lastSuccessAt, staleAfter };
  if (!facts.lastScan && !latest) {
    return { ...base, state: 'never-scanned', reason: facts.activeScanId ? 'the first scan is queued or running' : 'no scan has run yet' };
  }
  if (facts.lastScan?.status === 'failed') {
    return { ...base, state: 'unreachable', reason: `the last scan failed: ${facts.lastScan.failureReason ?? 'no reason recorded'}` };
  }
  const verifiedAfterScan = facts.lastVerifiedAt && (!lastSuccessAt || facts.lastVerifiedAt > lastSuccessAt);
  if (facts.lastVerificationError && verifiedAfterScan) {
    return { ...base, state: 'unreachable', reason: `the last verification failed: ${facts.lastVerificationError}` };
  }
  if (!latest || !staleAfter) return { ...base, state: 'never-scanned', reason: 'no scan has finished yet' };
  if (now > staleAfter) {
    return { ...base, state: 'stale', reason: `no successful scan since ${latest.collectedAt.toISOString()}` };
  }
  if (latest.partial || latest.gaps.length > 0) {
    return { ...base, state: 'partial', reason: `the last scan could not read: ${latest.gaps.join(', ') || 'some kinds'}` };
  }
  return { ...base, state: 'current', reason: null };
}

/** Stale windows by schedule and day: parsing a cron in a time zone is slow, and a fleet shares a few schedules. */
const staleWindows = new Map<string, number>();

/** Twice the schedule's longest gap between runs (cron may be irregular), or 24 h without a schedule. */
export function staleWindowMs(schedule: { cron: string; timezone: string } | null, now: Date): number {
  if (!schedule) return defaultStaleMs;
  const key = `${schedule.cron}|${schedule.timezone}|${utcDay(now)}`;
  let window = staleWindows.get(key);
  if (window === undefined) {
    if (staleWindows.size > 10_000) staleWindows.clear();
    staleWindows.set(key, (window = computeStaleWindowMs(schedule, now)));
  }
  return window;
}

let lastDay = { at: NaN, day: '' };

/** `YYYY-MM-DD` of `now` in UTC, remembered for the last instant asked (a request asks once per cluster). */
function utcDay(now: Date): string {
  if (lastDay.at !== now.getTime()) lastDay = { at: now.getTime(), day: now.toISOString().slice(0, 10) };
  return lastDay.day;
}

function computeStaleWindowMs(schedule: { cron: string; timezone: string }, now: Date): number {
  try {
    const runs = CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: now });
    let previous = runs.next().getTime();
    let longest = 0;
    for (let i = 0; i < 8; i++) {
      const next = runs.next().getTime();
      longest = Math.max(longest, next - previous);
      previous = next;
    }
    return longest > 0 ? 2 * longest : defaultStaleMs;
  } catch {
    return defaultStaleMs;
  }
}

export type FleetSort = 'worst' | 'name';

/** The sort position of a cluster, as strings so it travels in a cursor. */
export function sortKey(cluster: RankedCluster): Record<'u' | 's' | 'c' | 'h' | 'n' | 'i', string> {
  return {
    u: cluster.compliance === 'unknown' ? '0' : '1',
    s: String(cluster.score ?? -1),
    c: String(cluster.open?.critical ?? 0),
    h: String(cluster.open?.high ?? 0),
    n: cluster.name,
    i: cluster.id,
  };
}

/** Groups from their tallies, lowest average score first. */
export function fleetGroups(key: string, tallies: readonly FleetGroupTally[]): FleetGroup[] {
  return tallies
    .map((tally) => ({
      key,
      value: tally.value,
      clusters: tally.clusters,
      unknown: tally.unknown,
      averageScore: tally.scored > 0 ? round(tally.scoreSum / tally.scored) : null,
      minScore: tally.minScore,
      open: tally.open,
      coverage: tally.coverage,
    }))
    .sort((a, b) => (a.averageScore ?? -1) - (b.averageScore ?? -1) || String(a.value).localeCompare(String(b.value)));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
