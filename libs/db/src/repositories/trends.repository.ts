import { Prisma } from '../generated/prisma/client.js';
import { readJsonRows } from './read-json.js';

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

const maxPoints = 2_000;

/** Trends over scan_summaries and the finding lifecycle (never over raw findings), in the active tenant transaction. */
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

  /** How many live clusters the scope covers now. */
  async clustersInScope(scope: TrendScope): Promise<number> {
    const rows = await readJsonRows<{ count: number }>(Prisma.sql`
      SELECT count(*)::int AS count FROM clusters c WHERE c.deleted_at IS NULL AND ${clusterCondition(scope, 'c')}`);
    return rows[0]?.count ?? 0;
  }

  async series(window: TrendWindow): Promise<TrendPoint[]> {
    const { from, to, timeZone: tz } = window;
    const bucketExpr =
      window.bucket === 'scan' ? Prisma.sql`ss.collected_at` : Prisma.sql`(date_trunc(${window.bucket}, ss.collected_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;
    const inScope = Prisma.sql`ss.collected_at >= ${from} AND ss.collected_at < ${to} AND ${summaryCondition(window.scope)}`;
    const framework = window.framework ?? '';
    const seriesRows = readJsonRows<SeriesRow>(Prisma.sql`
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
       LIMIT ${maxPoints}`);
    // Independent reads, sent together (two pooled connections on PostgreSQL).
    const [rows, exceptions] = await Promise.all([
      seriesRows,
      window.bucket === 'scan' ? new Map<number, { added: number; expiring: number }>() : this.exceptionFlows(window),
    ]);
    return rows.map((row) => {
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
  }

  /** Waivers created and waivers (still in force) expiring per bucket: tenant-wide ones and those of clusters in scope. */
  private async exceptionFlows(window: TrendWindow): Promise<Map<number, { added: number; expiring: number }>> {
    const { from, to, timeZone: tz, bucket } = window;
    const applies =
      'fleet' in window.scope
        ? Prisma.sql`true`
        : Prisma.sql`(x.cluster_id IS NULL OR x.cluster_id IN (SELECT c.id FROM clusters c WHERE ${clusterCondition(window.scope, 'c')}))`;
    const rows = await readJsonRows<{ start: string; added: number; expiring: number }>(Prisma.sql`
      SELECT start, sum(added)::int AS added, sum(expiring)::int AS expiring FROM (
        SELECT date_trunc(${bucket}, x.created_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS start, 1 AS added, 0 AS expiring
          FROM exceptions x WHERE x.created_at >= ${from} AND x.created_at < ${to} AND ${applies}
        UNION ALL
        SELECT date_trunc(${bucket}, x.expires_at AT TIME ZONE ${tz}) AT TIME ZONE ${tz}, 0, 1
          FROM exceptions x WHERE x.revoked_at IS NULL AND x.expires_at >= ${from} AND x.expires_at < ${to} AND ${applies}) e
      GROUP BY start`);
    return new Map(rows.map((row) => [Date.parse(row.start), { added: row.added, expiring: row.expiring }]));
  }

  /**
   * MTTR of problems resolved in [from, to) (first seen → resolved) and the age at `now` of those still open (waived
   * ones excluded: a waiver is a decision, not neglect), grouped by severity, rule or area.
   */
  async lifecycleStats(scope: TrendScope, from: Date, to: Date, now: Date, groupBy: LifecycleGrouping): Promise<LifecycleStats[]> {
    const key = Prisma.raw(groupBy === 'severity' ? 'l.severity::text' : groupBy === 'rule' ? 'l.rule_id' : 'l.area');
    const hours = (expr: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${expr}) / 3600.0)`;
    const rows = await readJsonRows<StatsRow>(Prisma.sql`
      WITH scoped AS (
        SELECT ${key} AS key, l.severity, l.first_seen_at, l.resolved_at, l.status, l.from_baseline FROM finding_lifecycles l
         WHERE ${lifecycleCondition(scope)}
           AND ((l.resolved_at >= ${from} AND l.resolved_at < ${to}) OR (l.resolved_at IS NULL AND l.status = 'open')))
      SELECT key, min(severity)::text AS severity,
             count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved,
             avg(${hours(Prisma.sql`resolved_at - first_seen_at`)}) FILTER (WHERE resolved_at IS NOT NULL) AS mean_hours,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours(Prisma.sql`resolved_at - first_seen_at`)}) FILTER (WHERE resolved_at IS NOT NULL) AS median_hours,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours(Prisma.sql`resolved_at - first_seen_at`)}) FILTER (WHERE resolved_at IS NOT NULL) AS p90_hours,
             count(*) FILTER (WHERE resolved_at IS NULL)::int AS open,
             avg(${hours(Prisma.sql`${now}::timestamptz - first_seen_at`)}) FILTER (WHERE resolved_at IS NULL) AS mean_age,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours(Prisma.sql`${now}::timestamptz - first_seen_at`)}) FILTER (WHERE resolved_at IS NULL) AS median_age,
             max(${hours(Prisma.sql`${now}::timestamptz - first_seen_at`)}) FILTER (WHERE resolved_at IS NULL) AS max_age,
             count(*) FILTER (WHERE resolved_at IS NULL AND from_baseline)::int AS from_baseline
        FROM scoped GROUP BY key ORDER BY min(severity), key`);
    const hoursOf = (value: number | null) => (value === null ? null : round(Number(value)));
    return rows.map((row) => ({
      key: row.key,
      resolved: { count: row.resolved, meanHours: hoursOf(row.mean_hours), medianHours: hoursOf(row.median_hours), p90Hours: hoursOf(row.p90_hours) },
      open: {
        count: row.open,
        meanAgeHours: hoursOf(row.mean_age),
        medianAgeHours: hoursOf(row.median_age),
        maxAgeHours: hoursOf(row.max_age),
        fromBaseline: row.from_baseline,
      },
    }));
  }
}

let knownZones: Promise<Set<string>> | undefined;

interface SeriesRow {
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
