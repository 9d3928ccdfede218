import { Prisma } from '../generated/prisma/client.js';
import { readRows } from '../tenancy/tenant-reads.js';
import { clusterCoverageStates, type ClusterCoverageState } from './coverage-state.js';
import { factColumnNames, factColumns, labelFilter, toFacts } from './fleet-facts.js';
import type { ClusterFleetFacts, OpenCounts } from './fleet.repository.js';

export type FleetSeverityName = keyof OpenCounts;

/** What one fleet overview request asks the database to rank. */
export interface FleetRankingRequest {
  labels?: Record<string, string>;
  /** The instant coverage (stale) is decided at. */
  now: Date;
  /** Twice each schedule's interval (decided by the caller, which parses cron); a schedule missing here gets `defaultStaleMs`. */
  staleWindows: readonly { cron: string; timezone: string; ms: number }[];
  /** The stale window of a cluster without a schedule. */
  defaultStaleMs: number;
  coverage?: readonly ClusterCoverageState[];
  severity?: readonly FleetSeverityName[];
  sort: 'worst' | 'name';
  /** The sort key of the last cluster of the previous page (see the API's sortKey). */
  after?: { u: string; s: string; c: string; h: string; n: string; i: string };
  limit: number;
  groupBy?: string;
}

/** One label value's clusters counted and summed in the sort order (the API shapes them into groups). */
export interface FleetGroupTally {
  value: string | null;
  clusters: number;
  unknown: number;
  /** Sum of the scores present, added in the requested sort order (as a JavaScript reduce over the sorted fleet would). */
  scoreSum: number;
  scored: number;
  minScore: number | null;
  open: OpenCounts;
  coverage: Record<ClusterCoverageState, number>;
}

export interface FleetRanking {
  /** The page's clusters, in order. */
  page: ClusterFleetFacts[];
  hasMore: boolean;
  total: number;
  coverage: Record<ClusterCoverageState, number>;
  groups: FleetGroupTally[] | null;
}

const severityColumns: Record<FleetSeverityName, string> = { critical: 'open_c', high: 'open_h', medium: 'open_m', low: 'open_l', info: 'open_i' };

/**
 * Decides every matching cluster's coverage state at `now`, filters, sorts worst first and returns one page with the
 * totals and per-group tallies, all in one statement: the API no longer receives (and ranks) the whole fleet, and only
 * the page's rows are turned into facts text. Times compare as timestamps (the columns hold milliseconds, as the facts
 * do). Must agree with the API's coverageOf, matchesFilter, compareKeys and groupClusters (fleet-ranking spec holds it).
 */
export async function rankFleet(request: FleetRankingRequest): Promise<FleetRanking> {
  const [row] = await readRows(rankingStatement(request));
  const [pageJson, totalsJson, groupsJson] = row ?? [];
  const rows = JSON.parse(pageJson ?? 'null') as (string | null)[][] | null;
  const [total = 0, ...coverage] = JSON.parse(totalsJson ?? '[]') as number[];
  const facts = (rows ?? []).map(toFacts);
  return {
    page: facts.slice(0, request.limit),
    hasMore: facts.length > request.limit,
    total,
    coverage: byState(coverage),
    groups: request.groupBy === undefined ? null : ((JSON.parse(groupsJson ?? 'null') as GroupRow[] | null) ?? []).map(toTally),
  };
}

/** The ranking statement: one row of three text columns (the page's facts rows, totals, group tallies as JSON). */
export function rankingStatement(request: FleetRankingRequest): Prisma.Sql {
  const { staleWindows: windows } = request;
  const measured = Prisma.sql`(f.latest_scan_id IS NOT NULL AND f.latest_collected_at IS NOT NULL)`;
  const hasLast = Prisma.sql`(f.last_scan_id IS NOT NULL AND f.last_status IS NOT NULL AND f.last_requested_at IS NOT NULL)`;
  // Names compare as JavaScript's < does (code units, not a locale): byte order, equal to it but for astral characters.
  const order =
    request.sort === 'name'
      ? Prisma.sql`name COLLATE "C", cluster_id`
      : Prisma.sql`known, score_key, open_c DESC, open_h DESC, name COLLATE "C", cluster_id`;
  const after = request.after;
  const afterCursor = !after
    ? Prisma.empty
    : request.sort === 'name'
      ? Prisma.sql`WHERE (name COLLATE "C", cluster_id) > (${after.n}, ${after.i}::uuid)`
      : Prisma.sql`WHERE (known, score_key, -open_c, -open_h, name COLLATE "C", cluster_id)
                       > (${Number(after.u)}::int, ${Number(after.s)}::float8, ${-Number(after.c)}::int, ${-Number(after.h)}::int, ${after.n}, ${after.i}::uuid)`;
  const filters: Prisma.Sql[] = [];
  if (request.coverage?.length) filters.push(Prisma.sql`state = ANY(${[...request.coverage]}::text[])`);
  if (request.severity?.length) {
    filters.push(Prisma.sql`(${Prisma.join(request.severity.map((severity) => Prisma.raw(`${severityColumns[severity]} > 0`)), ' OR ')})`);
  }
  const where = filters.length > 0 ? Prisma.sql`WHERE ${Prisma.join(filters, ' AND ')}` : Prisma.empty;
  const coverageCounts = Prisma.join(clusterCoverageStates.map((state) => Prisma.sql`count(*) FILTER (WHERE state = ${state})`));
  const groups =
    request.groupBy === undefined
      ? Prisma.sql`NULL::text`
      : Prisma.sql`(SELECT json_agg(json_build_array(value, clusters, unknown, score_sum, scored, min_score, open_c, open_h, open_m, open_l, open_i, coverage))::text
          FROM (SELECT label_set ->> ${request.groupBy} AS value, count(*) AS clusters, count(*) FILTER (WHERE known = 0) AS unknown,
                       sum(score ORDER BY ${order}) AS score_sum, count(score) AS scored, min(score) AS min_score,
                       sum(open_c) AS open_c, sum(open_h) AS open_h, sum(open_m) AS open_m, sum(open_l) AS open_l, sum(open_i) AS open_i,
                       json_build_array(${coverageCounts}) AS coverage
                  FROM filtered GROUP BY 1) g)`;
  return Prisma.sql`
    WITH windows AS (
      -- Stale once the latest success is older than now minus its window: one subtraction per schedule, not per cluster.
      SELECT cron, timezone, ${request.now}::timestamptz - ms * interval '1 millisecond' AS stale_before
        FROM unnest(${windows.map((w) => w.cron)}::text[], ${windows.map((w) => w.timezone)}::text[], ${windows.map((w) => w.ms)}::bigint[]) AS w(cron, timezone, ms)
    ), ranked AS (
      SELECT c.id AS cluster_id, c.name, c.labels AS label_set,
             CASE WHEN ${measured} THEN 1 ELSE 0 END AS known,
             CASE WHEN ${measured} THEN f.latest_score END AS score,
             CASE WHEN ${measured} THEN COALESCE(f.latest_score, -1) ELSE -1 END AS score_key,
             CASE WHEN ${measured} THEN f.latest_open_critical ELSE 0 END AS open_c,
             CASE WHEN ${measured} THEN f.latest_open_high ELSE 0 END AS open_h,
             CASE WHEN ${measured} THEN f.latest_open_medium ELSE 0 END AS open_m,
             CASE WHEN ${measured} THEN f.latest_open_low ELSE 0 END AS open_l,
             CASE WHEN ${measured} THEN f.latest_open_info ELSE 0 END AS open_i,
             -- The API's coverageOf, in its order: the first that applies wins.
             CASE
               WHEN NOT ${hasLast} AND NOT ${measured} THEN 'never-scanned'
               WHEN ${hasLast} AND f.last_status = 'failed' THEN 'unreachable'
               WHEN COALESCE(c.last_verification_error, '') <> '' AND c.last_verified_at IS NOT NULL
                    AND (NOT ${measured} OR c.last_verified_at > f.latest_collected_at) THEN 'unreachable'
               WHEN NOT ${measured} THEN 'never-scanned'
               WHEN f.latest_collected_at < COALESCE(CASE WHEN COALESCE(c.schedule_cron, '') <> '' THEN w.stale_before END,
                                                     ${request.now}::timestamptz - ${request.defaultStaleMs} * interval '1 millisecond') THEN 'stale'
               WHEN f.latest_partial OR cardinality(COALESCE(f.latest_gaps, '{}')) > 0 THEN 'partial'
               ELSE 'current'
             END AS state
        FROM clusters c
        LEFT JOIN cluster_fleet_states f ON f.tenant_id = c.tenant_id AND f.cluster_id = c.id
        LEFT JOIN windows w ON w.cron = c.schedule_cron AND w.timezone = COALESCE(c.schedule_timezone, 'UTC')
       WHERE c.deleted_at IS NULL ${labelFilter(request.labels)}
    ), filtered AS (
      SELECT * FROM ranked ${where}
    ), page AS (
      SELECT cluster_id, row_number() OVER (ORDER BY ${order}) AS position FROM filtered ${afterCursor} ORDER BY ${order} LIMIT ${request.limit + 1}
    )
    SELECT (SELECT json_agg(ARRAY[${Prisma.raw(factColumnNames.join(', '))}] ORDER BY position)
              FROM (SELECT ${factColumns}, p.position FROM page p
                      JOIN clusters c ON c.id = p.cluster_id
                      LEFT JOIN cluster_fleet_states f ON f.tenant_id = c.tenant_id AND f.cluster_id = c.id) facts)::text AS page,
           (SELECT json_build_array(count(*), ${coverageCounts}) FROM filtered)::text AS totals,
           ${groups} AS groups`;
}

type GroupRow = [string | null, number, number, number | null, number, number | null, number, number, number, number, number, number[]];

function toTally([value, clusters, unknown, scoreSum, scored, minScore, critical, high, medium, low, info, coverage]: GroupRow): FleetGroupTally {
  return { value, clusters, unknown, scoreSum: scoreSum ?? 0, scored, minScore, open: { critical, high, medium, low, info }, coverage: byState(coverage) };
}

function byState(counts: readonly number[]): Record<ClusterCoverageState, number> {
  return Object.fromEntries(clusterCoverageStates.map((state, index) => [state, counts[index] ?? 0])) as Record<ClusterCoverageState, number>;
}
