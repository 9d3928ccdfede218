import type { components } from '@meshguard/api-client';

type Scan = components['schemas']['ScanDto'];
type Finding = components['schemas']['FindingDto'];

/** What the worker stores per scan (apps/worker/src/scans/scan-summary.ts), read defensively: older rows may lack parts. */
export interface SummaryView {
  bySeverity: Record<string, number>;
  byArea: Record<string, number>;
  byRule: Record<string, number>;
  scoreByFramework: Record<string, number | null>;
  diff: { new: number; resolved: number } | null;
}

export function summaryOf(scan: Scan | undefined): SummaryView {
  const raw = (scan?.summary ?? {}) as {
    findings?: { bySeverity?: Record<string, number>; byArea?: Record<string, number>; byRule?: Record<string, number> };
    scoreByFramework?: Record<string, number | null>;
    diff?: { new?: number; resolved?: number };
  };
  return {
    bySeverity: raw.findings?.bySeverity ?? {},
    byArea: raw.findings?.byArea ?? {},
    byRule: raw.findings?.byRule ?? {},
    scoreByFramework: raw.scoreByFramework ?? {},
    diff: raw.diff ? { new: raw.diff.new ?? 0, resolved: raw.diff.resolved ?? 0 } : null,
  };
}

const scored = (scan: Scan) => scan.status === 'succeeded' || scan.status === 'partial';

/** Finished, scored scans oldest first: the x axis of every trend. */
export function trendScans(scans: readonly Scan[]): Scan[] {
  return scans.filter(scored).sort((a, b) => timeOf(a) - timeOf(b));
}

function timeOf(scan: Scan): number {
  return new Date(scan.finishedAt ?? scan.requestedAt).getTime();
}

export interface TrendSeries {
  /** ISO times of the scans, oldest first. */
  times: string[];
  series: { name: string; values: (number | null)[] }[];
}

/**
 * The overall score and each framework's score per scan. A framework missing from a scan (added to the rules later)
 * is a gap (null) in its line, not a zero.
 */
export function scoreTrend(scans: readonly Scan[]): TrendSeries {
  const ordered = trendScans(scans);
  const frameworks = [...new Set(ordered.flatMap((scan) => Object.keys(summaryOf(scan).scoreByFramework)))].sort();
  return {
    times: ordered.map((scan) => scan.finishedAt ?? scan.requestedAt),
    series: [
      { name: 'overall', values: ordered.map((scan) => scan.score) },
      ...frameworks.map((framework) => ({ name: framework, values: ordered.map((scan) => summaryOf(scan).scoreByFramework[framework] ?? null) })),
    ],
  };
}

/** New and resolved findings per scan, oldest first (each compared with the scan before it). */
export function newVsResolved(scans: readonly Scan[]): TrendSeries {
  const ordered = trendScans(scans);
  const diffs = ordered.map((scan) => summaryOf(scan).diff);
  return {
    times: ordered.map((scan) => scan.finishedAt ?? scan.requestedAt),
    series: [
      { name: 'new', values: diffs.map((diff) => diff?.new ?? null) },
      { name: 'resolved', values: diffs.map((diff) => diff?.resolved ?? null) },
    ],
  };
}

/**
 * Mean time to remediate, in hours, of the findings the latest scan no longer saw: from the scan that first saw each
 * to the scan that found it gone. Findings first seen in a scan older than `scans` reaches are left out; null when none count.
 */
export function meanTimeToRemediateHours(resolved: readonly Finding[], scans: readonly Scan[], resolvedBy: Scan | undefined): number | null {
  if (!resolvedBy) return null;
  const seenAt = new Map(scans.map((scan) => [scan.id, timeOf(scan)]));
  const fixedAt = timeOf(resolvedBy);
  const durations = resolved.flatMap((finding) => {
    const first = finding.firstSeenScanId ? seenAt.get(finding.firstSeenScanId) : undefined;
    return first === undefined ? [] : [(fixedAt - first) / 3_600_000];
  });
  if (durations.length === 0) return null;
  return durations.reduce((sum, hours) => sum + hours, 0) / durations.length;
}

export interface DriftRow {
  ruleId: string;
  here: number;
  there: number;
}

/** Rules whose finding counts differ between two clusters' latest scans, largest difference first. */
export function driftBetween(here: SummaryView, there: SummaryView): DriftRow[] {
  const rules = new Set([...Object.keys(here.byRule), ...Object.keys(there.byRule)]);
  return [...rules]
    .map((ruleId) => ({ ruleId, here: here.byRule[ruleId] ?? 0, there: there.byRule[ruleId] ?? 0 }))
    .filter((row) => row.here !== row.there)
    .sort((a, b) => Math.abs(b.here - b.there) - Math.abs(a.here - a.there) || a.ruleId.localeCompare(b.ruleId));
}

/** Counts as sorted [name, count] pairs, largest first, for tables and bar charts. */
export function countsDescending(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
