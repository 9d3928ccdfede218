import { Prisma } from '../generated/prisma/client.js';
import { currentReadTenantId } from '../tenancy/tenant-reads.js';
import { readJsonRowSets, readJsonRows } from './read-json.js';
import { durationBucketRange, rangePercentile, type CountedRange } from './duration-histogram.js';
import { fleetScope, slotMs } from './trend-rollup.repository.js';

/** Which clusters a trend covers: one cluster, those carrying every label given, or the whole fleet. */
export type TrendScope = { clusterId: string } | { labels: Record<string, string> } | { fleet: true };

export type TrendBucket = 'scan' | 'day' | 'week' | 'month';

export interface TrendWindow {
  scope: TrendScope;
  from: Date;
  to: Date;
  bucket: TrendBucket;
  timeZone: string;
  /** Per-control status counts of this framework; none when undefined. */
  framework?: string;
}

/** One bucket's numbers, aggregated over the last scan of each cluster within it. */
export interface TrendPoint {
  /** Start of the bucket (for `scan`: the scan's collection time). */
  start: Date;
  /** The bucket's local start in the time zone, `YYYY-MM-DDTHH:MM:SS`. */
  local: string;
  clusters: number;
  scans: number;
  score: number | null;
  minScore: number | null;
  open: { critical: number; high: number; medium: number; low: number; info: number };
  waived: number;
  new: number;
  resolved: number;
  scoreByFramework: Record<string, number | null>;
  openByArea: Record<string, number>;
  controls: Record<string, number>;
  exceptionsAdded: number;
  exceptionsExpiring: number;
}

/** MTTR and age of problems grouped by severity, rule or area. */
export interface LifecycleStats {
  key: string;
  resolved: { count: number; meanHours: number | null; medianHours: number | null; p90Hours: number | null };
  open: { count: number; meanAgeHours: number | null; medianAgeHours: number | null; maxAgeHours: number | null; fromBaseline: number };
}

export type LifecycleGrouping = 'severity' | 'rule' | 'area';

/** The groups, and which of their figures are estimates (`resolved.medianHours` …); none for one cluster or a selector. */
export interface LifecycleStatsAnswer {
  groups: LifecycleStats[];
  approximate: string[];
  /** How many live clusters the scope covers now (read in the same round trip). */
  clusters: number;
}

/** A trend's points and how many live clusters its scope covers now, read in one round trip. */
export interface SeriesAnswer {
  points: TrendPoint[];
  clusters: number;
}

/** The figures MTTR over the fleet estimates from its aggregates (docs/api.md, Trends: precision). */
export const fleetApproximateFigures = ['resolved.medianHours', 'resolved.p90Hours', 'open.medianAgeHours'] as const;

const hourMs = 3_600_000;
const dayMs = 86_400_000;

const maxPoints = 2_000;

/** Trends over scan_summaries and the finding lifecycle (never over raw findings), on the read path (one round trip per query) or in the active tenant transaction. */
export class TrendsRepository {
  /** Whether PostgreSQL knows the IANA zone (its tz database, which the buckets use). */
  async knowsTimeZone(zone: string): Promise<boolean> {
    knownZones ??= readJsonRows<{ name: string }>(Prisma.sql`SELECT name FROM pg_timezone_names`).then(
      (rows) => new Set(rows.map((row) => row.name)),
      (error: unknown) => {
        knownZones = undefined;
        throw error;
      },
    );
    return (await knownZones).has(zone);
  }

  /**
   * The trend of a scope. One cluster: its summaries (one point per scan or per bucket, the last scan in it). The
   * fleet and one label pair: the rollups, two index lookups per bucket. Several label pairs: the same numbers
   * computed per cluster at each bucket's end (rollups are per pair and cannot intersect).
   */
  async series(window: TrendWindow): Promise<TrendPoint[]> {
    return (await this.seriesInScope(window)).points;
  }

  /**
   * The trend (as `series`) and how many live clusters its scope covers now. One statement, so one round trip:
   * the points, the waivers' flows per bucket and the cluster count are read together (readJsonRowSets).
   */
  async seriesInScope(window: TrendWindow): Promise<SeriesAnswer> {
    if ('clusterId' in window.scope || window.bucket === 'scan') return this.clusterSeries(window);
    const pairs = 'labels' in window.scope ? Object.entries(window.scope.labels) : [];
    const rows = pairs.length > 1 ? this.perClusterRows(window) : this.rollupRows(window, pairs[0]);
    return this.stateSeries(window, rows);
  }

  /**
   * A fleet or label-group trend computed from each cluster's summaries at each bucket's end, with the same meaning
   * as the rollups: the path for several label pairs, and the reference the rollups must equal.
   */
  async perClusterSeries(window: TrendWindow): Promise<TrendPoint[]> {
    return (await this.stateSeries(window, this.perClusterRows(window))).points;
  }

  private async stateSeries(window: TrendWindow, rows: Prisma.Sql): Promise<SeriesAnswer> {
    const sets = await readJsonRowSets<{ points: StateRow[]; exceptions: ExceptionFlowRow[]; clusters: { count: number }[] }>({
      points: rows,
      exceptions: exceptionFlowsSql(window),
      clusters: clustersInScopeSql(window.scope),
    });
    const exceptions = exceptionFlowsByStart(sets.exceptions);
    return {
      points: sets.points.map((row) => {
        const point = statePoint(row, window.framework);
        const flow = exceptions.get(point.start.getTime());
        point.exceptionsAdded = flow?.added ?? 0;
        point.exceptionsExpiring = flow?.expiring ?? 0;
        return point;
      }),
      clusters: countOf(sets.clusters),
    };
  }

  /**
   * Fleet and label-group points from the rollups: each bucket shows the scope's state at its end (every cluster in
   * scope with its latest scan by then) and the scans, new and resolved findings within it; buckets without a scan
   * in scope are left out. The window is widened to whole 15-minute slots.
   */
  private rollupRows(window: TrendWindow, pair: [string, string] | undefined): Prisma.Sql {
    const scope = pair ? `${pair[0]}=${pair[1]}` : fleetScope;
    const tenantId = currentReadTenantId();
    const at = (bound: Prisma.Sql) => Prisma.sql`
      SELECT * FROM trend_rollups r WHERE r.tenant_id = ${tenantId}::uuid AND r.scope = ${scope} AND r.slot < ${bound}
       ORDER BY r.slot DESC LIMIT 1`;
    return Prisma.sql`
      WITH ${bucketBounds(window)}
      SELECT b.start, b.local, e.clusters, e.scored, e.score_tenths, e.min_score, e.open_critical, e.open_high,
             e.open_medium, e.open_low, e.open_info, e.waived, e.score_by_framework, e.open_by_area, e.control_counts,
             e.scans - COALESCE(f.scans, 0) AS scans, e.new_findings - COALESCE(f.new_findings, 0) AS new,
             e.resolved_findings - COALESCE(f.resolved_findings, 0) AS resolved
        FROM bounds b
        JOIN LATERAL (${at(Prisma.sql`b.end_at`)}) e ON true
        LEFT JOIN LATERAL (${at(Prisma.sql`b.flow_from`)}) f ON true
       WHERE e.scans > COALESCE(f.scans, 0)
       ORDER BY b.start`;
  }

  /** The rollups' numbers computed from each cluster's summaries at each bucket's end (meshguard_trend_state). */
  private perClusterRows(window: TrendWindow): Prisma.Sql {
    const selector = JSON.stringify('labels' in window.scope ? window.scope.labels : {});
    const tenantId = currentReadTenantId();
    return Prisma.sql`
      WITH ${bucketBounds(window)},
      flows AS MATERIALIZED (
        SELECT b.start, b.local, b.end_at, f.* FROM bounds b
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS scans, COALESCE(sum(ss.new_findings), 0)::int AS new, COALESCE(sum(ss.resolved_findings), 0)::int AS resolved
            FROM scan_summaries ss
           WHERE ss.tenant_id = ${tenantId}::uuid AND ss.collected_at >= b.flow_from AND ss.collected_at < b.end_at
             AND ss.labels @> ${selector}::jsonb) f
        WHERE f.scans > 0)
      SELECT f.start, f.local, f.scans, f.new, f.resolved, st.*
        FROM flows f CROSS JOIN LATERAL meshguard_trend_state(${tenantId}::uuid, ${selector}::jsonb, f.end_at) st
       ORDER BY f.start`;
  }

  /** One cluster's points straight from its summaries: per scan, or the last scan in each bucket. */
  private async clusterSeries(window: TrendWindow): Promise<SeriesAnswer> {
    const { from, to, timeZone: tz } = window;
    const bucketExpr =
      window.bucket === 'scan' ? Prisma.sql`ss.collected_at` : Prisma.sql`(date_trunc(${window.bucket}, ss.collected_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;
    const inScope = Prisma.sql`ss.collected_at >= ${from} AND ss.collected_at < ${to} AND ${summaryCondition(window.scope)}`;
    const framework = window.framework ?? '';
    const rowsSql = Prisma.sql`
      WITH picked AS MATERIALIZED (
        SELECT ss.cluster_id, ss.scan_id, ss.collected_at, ss.new_findings, ss.resolved_findings, ${bucketExpr} AS bucket
          FROM scan_summaries ss WHERE ${inScope}),
      flows AS (
        SELECT bucket, count(*)::int AS scans, sum(new_findings)::int AS new, sum(resolved_findings)::int AS resolved
          FROM picked GROUP BY bucket),
      -- The last scan of each cluster in each bucket, chosen on narrow rows (sorting the JSON columns spills to disk),
      -- then joined back to its summary.
      chosen AS (
        SELECT DISTINCT ON (cluster_id, bucket) cluster_id, scan_id, bucket FROM picked
         ORDER BY cluster_id, bucket, collected_at DESC),
      latest AS MATERIALIZED (
        SELECT c.bucket, ss.score, ss.open_critical, ss.open_high, ss.open_medium, ss.open_low, ss.open_info, ss.waived,
               ss.score_by_framework, ss.open_by_area, ss.control_counts -> ${framework} AS controls
          FROM chosen c JOIN scan_summaries ss ON ss.cluster_id = c.cluster_id AND ss.scan_id = c.scan_id),
      totals AS (
        SELECT bucket, count(*)::int AS clusters, avg(score) AS score, min(score) AS min_score,
               sum(open_critical)::int AS critical, sum(open_high)::int AS high, sum(open_medium)::int AS medium,
               sum(open_low)::int AS low, sum(open_info)::int AS info, sum(waived)::int AS waived
          FROM latest GROUP BY bucket),
      frameworks AS (
        SELECT bucket, jsonb_object_agg(key, score) AS by_framework FROM (
          SELECT bucket, e.key, avg((e.value #>> '{}')::float8) FILTER (WHERE jsonb_typeof(e.value) = 'number') AS score
            FROM latest, jsonb_each(score_by_framework) e GROUP BY bucket, e.key) f GROUP BY bucket),
      areas AS (
        SELECT bucket, jsonb_object_agg(key, total) AS by_area FROM (
          SELECT bucket, e.key, sum(e.value::int) AS total FROM latest, jsonb_each_text(open_by_area) e GROUP BY bucket, e.key) a
         GROUP BY bucket),
      controls AS (
        SELECT bucket, jsonb_object_agg(key, total) AS counts FROM (
          SELECT bucket, e.key, sum(e.value::int) AS total FROM latest, jsonb_each_text(COALESCE(controls, '{}')) e
           GROUP BY bucket, e.key) k GROUP BY bucket)
      SELECT t.bucket AS start, to_char(t.bucket AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS') AS local, t.clusters,
             f.scans, t.score, t.min_score, t.critical, t.high, t.medium, t.low, t.info, t.waived, f.new, f.resolved,
             COALESCE(fw.by_framework, '{}') AS by_framework, COALESCE(a.by_area, '{}') AS by_area,
             COALESCE(k.counts, '{}') AS controls
        FROM totals t JOIN flows f USING (bucket)
        LEFT JOIN frameworks fw USING (bucket) LEFT JOIN areas a USING (bucket) LEFT JOIN controls k USING (bucket)
       ORDER BY t.bucket
       LIMIT ${maxPoints}`;
    // Per scan there are no buckets for waivers to fall in.
    const sets = await readJsonRowSets<{ points: SeriesRow[]; exceptions: ExceptionFlowRow[]; clusters: { count: number }[] }>({
      points: rowsSql,
      exceptions: window.bucket === 'scan' ? Prisma.sql`SELECT 1 WHERE false` : exceptionFlowsSql(window),
      clusters: clustersInScopeSql(window.scope),
    });
    const exceptions = exceptionFlowsByStart(sets.exceptions);
    const points = sets.points.map((row): TrendPoint => {
      const start = new Date(row.start);
      const flow = exceptions.get(start.getTime());
      return {
        start,
        local: row.local,
        clusters: row.clusters,
        scans: row.scans,
        score: row.score === null ? null : round(row.score),
        minScore: row.min_score,
        open: { critical: row.critical, high: row.high, medium: row.medium, low: row.low, info: row.info },
        waived: row.waived,
        new: row.new,
        resolved: row.resolved,
        scoreByFramework: mapValues(row.by_framework as Record<string, number | null>, (value) => (value === null ? null : round(value))),
        openByArea: row.by_area as Record<string, number>,
        controls: row.controls as Record<string, number>,
        exceptionsAdded: flow?.added ?? 0,
        exceptionsExpiring: flow?.expiring ?? 0,
      };
    });
    return { points, clusters: countOf(sets.clusters) };
  }

  /**
   * MTTR of problems resolved in [from, to) (first seen → resolved) and the age at `now` of those still open (waived
   * ones excluded: a waiver is a decision, not neglect), grouped by severity, rule or area. The whole fleet reads the
   * MTTR aggregates (fleetLifecycleStats: its medians and p90 are estimates, listed in `approximate`); one cluster or
   * a label selector reads its lifecycle rows, every figure exact.
   */
  async lifecycleStats(scope: TrendScope, from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Promise<LifecycleStatsAnswer> {
    // One statement, so one round trip: the groups and the scope's cluster count together.
    const clusters = clustersInScopeSql(scope);
    if ('fleet' in scope) {
      const sets = await readJsonRowSets<{ groups: AggregateStatsRow[]; clusters: { count: number }[] }>({
        groups: fleetStatsSql(from, to, now, groupBy),
        clusters,
      });
      return { groups: fleetStatsOf(sets.groups, now), approximate: [...fleetApproximateFigures], clusters: countOf(sets.clusters) };
    }
    const sets = await readJsonRowSets<{ groups: StatsRow[]; clusters: { count: number }[] }>({
      groups: rowStatsSql(scope, from, to, now, groupBy),
      clusters,
    });
    return { groups: sets.groups.map(lifecycleStatsOf), approximate: [], clusters: countOf(sets.clusters) };
  }

  /**
   * The fleet's numbers from lifecycle_resolution_days (the window's whole UTC days; its partial edge days from the
   * lifecycle rows) and lifecycle_open_hours. Counts, means, the max age and fromBaseline are computed from exact
   * counts and ms sums with the same arithmetic as lifecycleRowStats, so they equal it; medians and p90 are placed
   * within their duration bucket or first-seen hour (duration-histogram.ts).
   */
  async fleetLifecycleStats(from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Promise<LifecycleStats[]> {
    return fleetStatsOf(await readJsonRows<AggregateStatsRow>(fleetStatsSql(from, to, now, groupBy)), now);
  }

  /** The numbers straight from finding_lifecycles (any scope; the fleet's reference in tests), every figure exact. */
  async lifecycleRowStats(scope: TrendScope, from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Promise<LifecycleStats[]> {
    return (await readJsonRows<StatsRow>(rowStatsSql(scope, from, to, now, groupBy))).map(lifecycleStatsOf);
  }
}

/** The fleet's groups from the MTTR aggregates (fleetLifecycleStats). */
function fleetStatsSql(from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Prisma.Sql {
  const key = (alias: string) => Prisma.raw(groupBy === 'severity' ? `${alias}.severity::text` : groupBy === 'rule' ? `${alias}.rule_id` : `${alias}.area`);
  const wholeFrom = Math.ceil(from.getTime() / dayMs);
  const wholeTo = Math.max(Math.floor(to.getTime() / dayMs), wholeFrom);
  const firstEdgeEnd = new Date(Math.min(wholeFrom * dayMs, to.getTime()));
  const lastEdgeStart = new Date(wholeTo * dayMs);
  const nowMs = Prisma.sql`meshguard_epoch_ms(${now}::timestamptz)`;
  return Prisma.sql`
    WITH resolved_buckets AS (
      SELECT key, min(severity) AS severity, bucket, sum(findings) AS findings, sum(duration_ms) AS duration_ms FROM (
        SELECT ${key('r')} AS key, r.severity, r.bucket, r.findings, r.duration_ms
          FROM lifecycle_resolution_days r WHERE r.day >= ${wholeFrom}::int AND r.day < ${wholeTo}::int
        UNION ALL
        SELECT ${key('l')}, l.severity, meshguard_duration_bucket(l.ms), 1, l.ms
          FROM (SELECT l.*, meshguard_epoch_ms(l.resolved_at) - meshguard_epoch_ms(l.first_seen_at) AS ms FROM finding_lifecycles l
                 WHERE (l.resolved_at >= ${from} AND l.resolved_at < ${firstEdgeEnd})
                    OR (l.resolved_at >= ${lastEdgeStart} AND l.resolved_at < ${to})) l) u
       GROUP BY key, bucket),
    resolved AS (
      SELECT key, min(severity) AS severity, sum(findings)::int AS resolved,
             sum(duration_ms) / NULLIF(sum(findings), 0) / 3600000 AS mean_hours,
             json_agg(json_build_array(bucket, findings) ORDER BY bucket) AS buckets
        FROM resolved_buckets GROUP BY key),
    open_hours AS (
      SELECT ${key('o')} AS key, min(o.severity) AS severity, o.hour, sum(o.findings) AS findings,
             sum(o.first_seen_ms) AS first_seen_ms, sum(o.from_baseline) AS from_baseline, min(o.first_seen_min) AS first_seen_min
        FROM lifecycle_open_hours o GROUP BY 1, o.hour),
    open AS (
      SELECT key, min(severity) AS severity, sum(findings)::int AS open,
             (sum(findings) * ${nowMs} - sum(first_seen_ms)) / NULLIF(sum(findings), 0) / 3600000 AS mean_age,
             (${nowMs} - meshguard_epoch_ms(min(first_seen_min)))::numeric / 3600000 AS max_age,
             sum(from_baseline)::int AS from_baseline,
             json_agg(json_build_array(hour, findings) ORDER BY hour DESC) AS hours
        FROM open_hours GROUP BY key)
    SELECT COALESCE(r.key, o.key) AS key, COALESCE(r.resolved, 0) AS resolved, r.mean_hours, r.buckets,
           COALESCE(o.open, 0) AS open, o.mean_age, o.max_age, COALESCE(o.from_baseline, 0) AS from_baseline, o.hours
      FROM resolved r FULL JOIN open o ON o.key = r.key
     ORDER BY least(r.severity, o.severity), 1`;
}

/** Each group's figures, its medians and p90 placed within their bucket or hour (duration-histogram.ts). */
function fleetStatsOf(rows: AggregateStatsRow[], now: Date): LifecycleStats[] {
  const nowHours = now.getTime() / hourMs;
  return rows.map((row) => {
    const durations = (row.buckets ?? []).map(([bucket, count]): CountedRange => {
      const [low, high] = durationBucketRange(bucket);
      return [low / hourMs, high / hourMs, count];
    });
    // Hours descending: ages ascending; an hour's problems are between (now − its end) and (now − its start) old.
    const ages = (row.hours ?? []).map(([hour, count]): CountedRange => [nowHours - hour - 1, nowHours - hour, count]);
    return lifecycleStatsOf({
      ...row,
      median_hours: rangePercentile(durations, 0.5),
      p90_hours: rangePercentile(durations, 0.9),
      median_age: rangePercentile(ages, 0.5),
    });
  });
}

/** Groups straight from the lifecycle rows (lifecycleRowStats). */
function rowStatsSql(scope: TrendScope, from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Prisma.Sql {
  const key = Prisma.raw(groupBy === 'severity' ? 'l.severity::text' : groupBy === 'rule' ? 'l.rule_id' : 'l.area');
  const nowMs = Prisma.sql`meshguard_epoch_ms(${now}::timestamptz)`;
  const resolved = Prisma.sql`resolved_at IS NOT NULL`;
  const open = Prisma.sql`resolved_at IS NULL`;
  return Prisma.sql`
    WITH scoped AS (
      SELECT ${key} AS key, l.severity, l.resolved_at, l.from_baseline, meshguard_epoch_ms(l.first_seen_at) AS first_seen_ms,
             meshguard_epoch_ms(l.resolved_at) - meshguard_epoch_ms(l.first_seen_at) AS ms
        FROM finding_lifecycles l
       WHERE ${lifecycleCondition(scope)}
         AND ((l.resolved_at >= ${from} AND l.resolved_at < ${to}) OR (l.resolved_at IS NULL AND l.status = 'open')))
    SELECT key, min(severity)::text AS severity,
           count(*) FILTER (WHERE ${resolved})::int AS resolved,
           sum(ms) FILTER (WHERE ${resolved}) / NULLIF(count(*) FILTER (WHERE ${resolved}), 0) / 3600000 AS mean_hours,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ms / 3600000.0) FILTER (WHERE ${resolved}) AS median_hours,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ms / 3600000.0) FILTER (WHERE ${resolved}) AS p90_hours,
           count(*) FILTER (WHERE ${open})::int AS open,
           (count(*) FILTER (WHERE ${open})::numeric * ${nowMs} - sum(first_seen_ms) FILTER (WHERE ${open}))
             / NULLIF(count(*) FILTER (WHERE ${open}), 0) / 3600000 AS mean_age,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY (${nowMs} - first_seen_ms) / 3600000.0) FILTER (WHERE ${open}) AS median_age,
           (${nowMs} - min(first_seen_ms) FILTER (WHERE ${open}))::numeric / 3600000 AS max_age,
           count(*) FILTER (WHERE ${open} AND from_baseline)::int AS from_baseline
      FROM scoped GROUP BY key ORDER BY min(severity), key`;
}

/** How many live clusters the scope covers now, as one row `{ count }`. */
function clustersInScopeSql(scope: TrendScope): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM clusters c WHERE c.deleted_at IS NULL AND ${clusterCondition(scope, 'c')}`;
}

function countOf(rows: { count: number }[]): number {
  return rows[0]?.count ?? 0;
}

interface ExceptionFlowRow {
  /** ISO text (rows arrive as JSON). */
  start: string;
  added: number;
  expiring: number;
}

/** Waivers created and waivers (still in force) expiring per bucket: tenant-wide ones and those of clusters in scope. */
function exceptionFlowsSql(window: TrendWindow): Prisma.Sql {
  const { from, to, timeZone: tz, bucket } = window;
  const applies =
    'fleet' in window.scope
      ? Prisma.sql`true`
      : Prisma.sql`(x.cluster_id IS NULL OR x.cluster_id IN (SELECT c.id FROM clusters c WHERE ${clusterCondition(window.scope, 'c')}))`;
  return Prisma.sql`
    SELECT start, sum(added)::int AS added, sum(expiring)::int AS expiring FROM (
      SELECT date_trunc(${bucket}, x.created_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS start, 1 AS added, 0 AS expiring
        FROM exceptions x WHERE x.created_at >= ${from} AND x.created_at < ${to} AND ${applies}
      UNION ALL
      SELECT date_trunc(${bucket}, x.expires_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz}, 0, 1
        FROM exceptions x WHERE x.revoked_at IS NULL AND x.expires_at >= ${from} AND x.expires_at < ${to} AND ${applies}) e
    GROUP BY start`;
}

function exceptionFlowsByStart(rows: ExceptionFlowRow[]): Map<number, { added: number; expiring: number }> {
  return new Map(rows.map((row) => [Date.parse(row.start), { added: row.added, expiring: row.expiring }]));
}

let knownZones: Promise<Set<string>> | undefined;

function lifecycleStatsOf(row: StatsRow): LifecycleStats {
  const hoursOf = (value: number | string | null) => (value === null ? null : round(Number(value)));
  return {
    key: row.key,
    resolved: { count: row.resolved, meanHours: hoursOf(row.mean_hours), medianHours: hoursOf(row.median_hours), p90Hours: hoursOf(row.p90_hours) },
    open: {
      count: row.open,
      meanAgeHours: hoursOf(row.mean_age),
      medianAgeHours: hoursOf(row.median_age),
      maxAgeHours: hoursOf(row.max_age),
      fromBaseline: row.from_baseline,
    },
  };
}

interface SeriesRow {
  /** ISO text (rows arrive as JSON). */
  start: string;
  local: string;
  clusters: number;
  scans: number;
  score: number | null;
  min_score: number | null;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  waived: number;
  new: number;
  resolved: number;
  by_framework: unknown;
  by_area: unknown;
  controls: unknown;
}

/** The fleet's per-group figures from the aggregates: counts per duration bucket and per first-seen hour (descending). */
interface AggregateStatsRow extends Omit<StatsRow, 'median_hours' | 'p90_hours' | 'median_age'> {
  buckets: [bucket: number, count: number][] | null;
  hours: [hour: number, count: number][] | null;
}

interface StatsRow {
  key: string;
  resolved: number;
  mean_hours: number | null;
  median_hours: number | null;
  p90_hours: number | null;
  open: number;
  mean_age: number | null;
  median_age: number | null;
  max_age: number | null;
  from_baseline: number;
}

/** The state of a scope at a bucket's end and the flows within the bucket (rollups or meshguard_trend_state). */
interface StateRow {
  /** ISO text (rows arrive as JSON). */
  start: string;
  local: string;
  clusters: number;
  scans: number;
  scored: number;
  score_tenths: number;
  min_score: number | null;
  open_critical: number;
  open_high: number;
  open_medium: number;
  open_low: number;
  open_info: number;
  waived: number;
  new: number;
  resolved: number;
  score_by_framework: Record<string, [present: number, scored: number, tenths: number]>;
  open_by_area: Record<string, number>;
  control_counts: Record<string, Record<string, number>>;
}

function statePoint(row: StateRow, framework: string | undefined): TrendPoint {
  const mean = (tenths: number, scored: number) => (scored === 0 ? null : round(tenths / scored / 10));
  return {
    start: new Date(row.start),
    local: row.local,
    clusters: row.clusters,
    scans: Number(row.scans),
    score: mean(row.score_tenths, row.scored),
    minScore: row.min_score,
    open: { critical: row.open_critical, high: row.open_high, medium: row.open_medium, low: row.open_low, info: row.open_info },
    waived: row.waived,
    new: Number(row.new),
    resolved: Number(row.resolved),
    scoreByFramework: Object.fromEntries(
      Object.entries(row.score_by_framework)
        .filter(([, [present]]) => present > 0)
        .map(([id, [, scored, tenths]]) => [id, mean(tenths, scored)]),
    ),
    openByArea: row.open_by_area,
    controls: framework === undefined ? {} : (row.control_counts[framework] ?? {}),
    exceptionsAdded: 0,
    exceptionsExpiring: 0,
  };
}

/**
 * `bounds(start, local, flow_from, end_at)`: the window's buckets in the time zone, the window widened to whole
 * 15-minute slots. A bucket's numbers are the state at end_at; its flows are counted from flow_from (the bucket's
 * start, or the window's for the first).
 */
function bucketBounds(window: TrendWindow): Prisma.Sql {
  const { timeZone: tz, bucket } = window;
  const slot = Prisma.raw(`${slotMs / 1000}`);
  const lo = Prisma.sql`to_timestamp(floor(extract(epoch FROM ${window.from}::timestamptz) / ${slot}) * ${slot})`;
  const hi = Prisma.sql`to_timestamp(ceil(extract(epoch FROM ${window.to}::timestamptz) / ${slot}) * ${slot})`;
  return Prisma.sql`
    edges AS (SELECT ${lo} AS lo, ${hi} AS hi),
    starts AS (
      SELECT g AS local_start, g AT TIME ZONE ${tz} AS start FROM edges,
             generate_series(date_trunc(${bucket}, lo AT TIME ZONE ${tz}), hi AT TIME ZONE ${tz}, ${`1 ${bucket}`}::interval) g),
    bounds AS (
      SELECT s.start, to_char(s.local_start, 'YYYY-MM-DD"T"HH24:MI:SS') AS local, greatest(s.start, e.lo) AS flow_from,
             least(lead(s.start) OVER (ORDER BY s.start), e.hi) AS end_at
        FROM starts s, edges e WHERE s.start < e.hi)`;
}

/** Clusters (alias `c`) in scope; deleted clusters keep their history in trends. */
function clusterCondition(scope: TrendScope, alias: string): Prisma.Sql {
  const c = Prisma.raw(alias);
  if ('clusterId' in scope) return Prisma.sql`${c}.id = ${scope.clusterId}::uuid`;
  if ('labels' in scope) return Prisma.sql`${c}.labels @> ${JSON.stringify(scope.labels)}::jsonb`;
  return Prisma.sql`true`;
}

function summaryCondition(scope: TrendScope): Prisma.Sql {
  if ('clusterId' in scope) return Prisma.sql`ss.cluster_id = ${scope.clusterId}::uuid`;
  if ('labels' in scope) return Prisma.sql`ss.cluster_id IN (SELECT c.id FROM clusters c WHERE ${clusterCondition(scope, 'c')})`;
  return Prisma.sql`true`;
}

function lifecycleCondition(scope: TrendScope): Prisma.Sql {
  if ('clusterId' in scope) return Prisma.sql`l.cluster_id = ${scope.clusterId}::uuid`;
  if ('labels' in scope) return Prisma.sql`l.cluster_id IN (SELECT c.id FROM clusters c WHERE ${clusterCondition(scope, 'c')})`;
  return Prisma.sql`true`;
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
