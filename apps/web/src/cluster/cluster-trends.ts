import type { components } from '@meshguard/api-client';

type Scan = components['schemas']['ScanDto'];
type Trend = components['schemas']['TrendDto'];
type Mttr = components['schemas']['MttrDto'];

export interface TrendSeries {
  /** ISO times of the points, oldest first. */
  times: string[];
  series: { name: string; values: (number | null)[] }[];
}

/**
 * The overall score and each framework's score per point of GET /v1/trends. A framework missing from a point (added
 * to the rules later) is a gap (null) in its line, not a zero.
 */
export function scoreTrend(trend: Trend): TrendSeries {
  const frameworks = Object.keys(trend.series.scoreByFramework).sort();
  const length = trend.buckets.length;
  const padded = (values: readonly (number | null)[] | undefined) => Array.from({ length }, (_, index) => values?.[index] ?? null);
  return {
    times: trend.buckets,
    series: [
      { name: 'overall', values: padded(trend.series.score) },
      ...frameworks.map((framework) => ({ name: framework, values: padded(trend.series.scoreByFramework[framework]) })),
    ],
  };
}

/** New and resolved findings per point (each scan compared with the one before it; a baseline scan adds none). */
export function newVsResolved(trend: Trend): TrendSeries {
  return {
    times: trend.buckets,
    series: [
      { name: 'new', values: trend.series.new },
      { name: 'resolved', values: trend.series.resolved },
    ],
  };
}

export const severityOrder = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Open findings of the latest point, by severity (waived ones excluded). */
export function latestBySeverity(trend: Trend): Record<(typeof severityOrder)[number], number> {
  const at = trend.buckets.length - 1;
  return Object.fromEntries(severityOrder.map((severity) => [severity, at < 0 ? 0 : (trend.series.open[severity][at] ?? 0)])) as Record<
    (typeof severityOrder)[number],
    number
  >;
}

/** Open findings of the latest point by area, largest first, zeros dropped. */
export function latestByArea(trend: Trend): [string, number][] {
  const at = trend.buckets.length - 1;
  if (at < 0) return [];
  return countsDescending(Object.fromEntries(Object.entries(trend.series.openByArea).map(([area, values]) => [area, values[at] ?? 0])));
}

export interface MttrRow {
  key: string;
  resolved: number;
  meanHours: number | null;
  open: number;
  meanAgeHours: number | null;
}

/** MTTR per group, in the API's order, and overall: the resolved-count-weighted mean of the groups' means. */
export function mttrSummary(mttr: Mttr): { rows: MttrRow[]; overallHours: number | null; resolved: number } {
  const rows = mttr.groups.map((group) => ({
    key: group.key,
    resolved: group.resolved.count,
    meanHours: group.resolved.meanHours,
    open: group.open.count,
    meanAgeHours: group.open.meanAgeHours,
  }));
  const measured = rows.filter((row) => row.meanHours !== null && row.resolved > 0);
  const resolved = measured.reduce((sum, row) => sum + row.resolved, 0);
  const overallHours = resolved === 0 ? null : measured.reduce((sum, row) => sum + (row.meanHours ?? 0) * row.resolved, 0) / resolved;
  return { rows, overallHours, resolved };
}

const scored = (scan: Scan) => scan.status === 'succeeded' || scan.status === 'partial';

/** The newest scan that finished with a score, from a list newest first. */
export function latestScored(scans: readonly Scan[]): Scan | undefined {
  return scans.find(scored);
}

/** Counts as sorted [name, count] pairs, largest first, for tables and bar charts. */
export function countsDescending(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
