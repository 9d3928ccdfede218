import { Prisma } from '../generated/prisma/client.js';
import type { Exposure, FindingStatus, Severity } from '../generated/prisma/enums.js';
import { currentTenantContext, type TenantTransaction } from '../tenancy/tenant-context.js';
import { isUuid } from '../tenancy/tenant-id.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';
import { inList } from './sql-lists.js';

export interface FindingRecord {
  id: string;
  clusterId: string;
  scanId: string;
  ruleId: string;
  area: string;
  severity: Severity;
  status: FindingStatus;
  fingerprint: string;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  container: string | null;
  message: string;
  evidence: unknown;
  exposure: Exposure | null;
  exceptionId: string | null;
  firstSeenScanId: string | null;
  createdAt: Date;
}

export interface FindingFilter {
  scanIds: string[];
  severities?: Severity[];
  ruleIds?: string[];
  areas?: string[];
  statuses?: FindingStatus[];
  /** Only findings first seen in their own scan. */
  onlyNew?: boolean;
  namespace?: string;
  kind?: string;
  name?: string;
  cursor?: string;
  limit: number;
}

const severities: readonly string[] = ['critical', 'high', 'medium', 'low', 'info'] satisfies Severity[];

/** A finding as the page query's JSON carries it: the record, with its time as text. */
type FindingJson = Omit<FindingRecord, 'createdAt'> & { createdAt: string };

/** Findings of the tenant in the active transaction, worst first, in a stable order (severity, then id). */
export class FindingRepository {
  /**
   * One page of findings. This is the API's hottest query, so it is raw SQL: a single scan becomes `scan_id = $1`
   * (the planner then ranges over `(tenant_id, scan_id, severity, id)`), the cursor continues with a row comparison,
   * and PostgreSQL returns the page as one JSON document already shaped like the records, parsed once here instead of
   * value by value. Row-level security applies as to every query in the tenant transaction.
   */
  async list(filter: FindingFilter): Promise<Page<FindingRecord>> {
    const after = filter.cursor ? decodeCursor(filter.cursor, { severity: severities, id: 'uuid' }) : undefined;
    if (filter.scanIds.length === 0) return { items: [], nextCursor: null };
    const [result] = await currentTenantContext().tx.$queryRaw<{ page: string }[]>`
      SELECT coalesce(json_agg(f ORDER BY f.severity, f.id), '[]')::text AS page
        FROM (SELECT id, cluster_id AS "clusterId", scan_id AS "scanId", rule_id AS "ruleId", area, severity, status, fingerprint,
                     json_build_object('apiVersion', resource_api_version, 'kind', resource_kind,
                                       'namespace', resource_namespace, 'name', resource_name) AS resource,
                     container, message, evidence, exposure, exception_id AS "exceptionId",
                     first_seen_scan_id AS "firstSeenScanId", created_at AS "createdAt"
                FROM findings
               WHERE ${Prisma.join(conditionsOf(filter, after), ' AND ')}
               ORDER BY severity, id
               LIMIT ${filter.limit + 1}) AS f`;
    const rows = JSON.parse(result?.page ?? '[]') as FindingJson[];
    return pageOf(rows, filter.limit, (row) => ({ ...row, createdAt: new Date(row.createdAt) }), (row) => ({ severity: row.severity, id: row.id }));
  }

  /** One finding by id, or undefined (also for another tenant's id: row-level security hides it). */
  async get(id: string): Promise<FindingRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await currentTenantContext().tx.finding.findUnique({ where: { id } });
    return row ? toRecord(row) : undefined;
  }

  /** Fingerprints of `scanId` absent from `laterScanId`: the problems that scan fixed. */
  async resolvedBetween(scanId: string, laterScanId: string, limit: number): Promise<FindingRecord[]> {
    const tx = currentTenantContext().tx;
    const rows = await tx.finding.findMany({
      where: { scanId, NOT: { fingerprint: { in: await fingerprintsOf(tx, laterScanId) } } },
      orderBy: [{ severity: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }
}

async function fingerprintsOf(tx: TenantTransaction, scanId: string): Promise<string[]> {
  const rows = await tx.finding.findMany({ where: { scanId }, select: { fingerprint: true } });
  return rows.map((row) => row.fingerprint);
}

/** The SQL conditions of a filter (and cursor position), ANDed by the caller. */
function conditionsOf(filter: FindingFilter, after: { severity: string; id: string } | undefined): Prisma.Sql[] {
  const conditions = [inList('scan_id', filter.scanIds, 'uuid')];
  if (filter.severities?.length) conditions.push(inList('severity', filter.severities, 'severity'));
  if (filter.ruleIds?.length) conditions.push(inList('rule_id', filter.ruleIds, 'text'));
  if (filter.areas?.length) conditions.push(inList('area', filter.areas, 'text'));
  if (filter.statuses?.length) conditions.push(inList('status', filter.statuses, 'finding_status'));
  if (filter.namespace !== undefined) conditions.push(Prisma.sql`resource_namespace = ${filter.namespace}`);
  if (filter.kind !== undefined) conditions.push(Prisma.sql`resource_kind = ${filter.kind}`);
  if (filter.name !== undefined) conditions.push(Prisma.sql`resource_name = ${filter.name}`);
  // "New": first seen in the scan it belongs to (every listed row is of one of filter.scanIds).
  if (filter.onlyNew) conditions.push(Prisma.sql`first_seen_scan_id = scan_id`);
  if (after) conditions.push(Prisma.sql`(severity, id) > (${after.severity}::severity, ${after.id}::uuid)`);
  return conditions;
}

function toRecord(row: Prisma.FindingGetPayload<object>): FindingRecord {
  return {
    id: row.id,
    clusterId: row.clusterId,
    scanId: row.scanId,
    ruleId: row.ruleId,
    area: row.area,
    severity: row.severity,
    status: row.status,
    fingerprint: row.fingerprint,
    resource: { apiVersion: row.resourceApiVersion, kind: row.resourceKind, namespace: row.resourceNamespace, name: row.resourceName },
    container: row.container,
    message: row.message,
    evidence: row.evidence,
    exposure: row.exposure,
    exceptionId: row.exceptionId,
    firstSeenScanId: row.firstSeenScanId,
    createdAt: row.createdAt,
  };
}
