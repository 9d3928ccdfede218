import { Prisma } from '../generated/prisma/client.js';
import type { TextRow } from '../tenancy/tenant-reads.js';
import type { ClusterFleetFacts } from './fleet.repository.js';

/** `column` as epoch milliseconds in text, named `name`: how the facts carry times. */
const ms = (column: string, name: string) => Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::bigint::text AS ${name}`);

/**
 * A cluster's fleet facts over `clusters c LEFT JOIN cluster_fleet_states f`: plain text columns in a fixed order
 * (toFacts reads them by position), times as epoch milliseconds, each named apart (in a transaction the rows arrive as
 * records, where equal names would collapse). Building them as JSON objects with ISO times cost PostgreSQL more.
 */
export const factColumns = Prisma.sql`
  c.id::text AS id, c.name, c.labels::text AS labels, c.server_version, c.schedule_cron, c.schedule_timezone,
  ${ms('c.last_verified_at', 'last_verified_at')}, c.last_verification_error, ${ms('c.created_at', 'created_at')},
  f.last_scan_id::text AS last_scan_id, f.last_status::text AS last_status, f.last_trigger::text AS last_trigger,
  ${ms('f.last_requested_at', 'last_requested_at')}, ${ms('f.last_finished_at', 'last_finished_at')}, f.last_failure_reason,
  f.active_scan_id::text AS active_scan_id, f.latest_scan_id::text AS latest_scan_id,
  ${ms('f.latest_collected_at', 'latest_collected_at')}, f.latest_score::text AS latest_score,
  f.latest_partial::text AS latest_partial, f.latest_open_critical::text AS open_critical,
  f.latest_open_high::text AS open_high, f.latest_open_medium::text AS open_medium, f.latest_open_low::text AS open_low,
  f.latest_open_info::text AS open_info, f.latest_server_version, array_to_json(COALESCE(f.latest_gaps, '{}'))::text AS gaps`;

/** The names factColumns selects, in its order. */
export const factColumnNames = [
  'id', 'name', 'labels', 'server_version', 'schedule_cron', 'schedule_timezone', 'last_verified_at', 'last_verification_error',
  'created_at', 'last_scan_id', 'last_status', 'last_trigger', 'last_requested_at', 'last_finished_at', 'last_failure_reason',
  'active_scan_id', 'latest_scan_id', 'latest_collected_at', 'latest_score', 'latest_partial', 'open_critical', 'open_high',
  'open_medium', 'open_low', 'open_info', 'latest_server_version', 'gaps',
] as const;

/** `AND` the cluster carries every label given (nothing when none is). */
export function labelFilter(labels: Record<string, string> | undefined): Prisma.Sql {
  return labels && Object.keys(labels).length > 0 ? Prisma.sql`AND c.labels @> ${JSON.stringify(labels)}::jsonb` : Prisma.empty;
}

/** A factColumns row: every value text (or null), in the order the query selects them. */
export function toFacts(row: TextRow): ClusterFleetFacts {
  const [id, name, labels, serverVersion, scheduleCron, scheduleTimezone, lastVerifiedAt, lastVerificationError, createdAt,
    lastId, lastStatus, lastTrigger, lastRequestedAt, lastFinishedAt, lastFailure, activeId, latestId, latestAt, latestScore,
    latestPartial, critical, high, medium, low, info, scannedVersion, gaps] = row;
  const count = (value: string | null | undefined) => (value ? Number(value) : 0);
  return {
    id: id!,
    name: name!,
    labels: labels ? (JSON.parse(labels) as Record<string, string>) : {},
    serverVersion: serverVersion ?? null,
    schedule: scheduleCron ? { cron: scheduleCron, timezone: scheduleTimezone ?? 'UTC' } : null,
    lastVerifiedAt: msDate(lastVerifiedAt),
    lastVerificationError: lastVerificationError ?? null,
    createdAt: msDate(createdAt)!,
    lastScan:
      lastId && lastStatus && lastRequestedAt
        ? {
            id: lastId,
            status: lastStatus as 'succeeded' | 'partial' | 'failed',
            trigger: lastTrigger ?? 'api',
            requestedAt: msDate(lastRequestedAt)!,
            finishedAt: msDate(lastFinishedAt),
            failureReason: lastFailure ?? null,
          }
        : null,
    activeScanId: activeId ?? null,
    latest:
      latestId && latestAt
        ? {
            collectedAt: msDate(latestAt)!,
            score: latestScore ? Number(latestScore) : null,
            open: { critical: count(critical), high: count(high), medium: count(medium), low: count(low), info: count(info) },
            scanId: latestId,
            partial: latestPartial === 'true',
            gaps: (JSON.parse(gaps ?? '[]') as string[]).sort(),
            scannedVersion: scannedVersion ?? null,
          }
        : null,
  };
}

function msDate(text: string | null | undefined): Date | null {
  return text ? new Date(Number(text)) : null;
}
