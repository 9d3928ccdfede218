import { Prisma } from '../generated/prisma/client.js';
import type { Exposure, FindingStatus, Severity } from '../generated/prisma/enums.js';
import { currentTenantContext, type TenantTransaction } from '../tenancy/tenant-context.js';
import { isUuid } from '../tenancy/tenant-id.js';
import { readRows } from '../tenancy/tenant-reads.js';
import { decodeCursor, jsonPageOf, type JsonPage, type Page } from './cursor.js';
import { inList } from './sql-lists.js';
import { isoText } from './iso-text.js';

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

/** Whose findings: listed scans, or the latest finished (succeeded or partial) scan of one cluster or of every cluster. */
export type FindingScans = { scanIds: string[] } | { latestScanOf: { clusterId: string } | 'every-cluster' };

export type FindingFilter = FindingScans & {
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
};

/** A page of findings as JSON texts shaped like the API's finding (without `rule`), with each item's rule id. */
export interface FindingJsonPage extends JsonPage {
  ruleIds: string[];
}

const severities: readonly string[] = ['critical', 'high', 'medium', 'low', 'info'] satisfies Severity[];

/** A finding as the page query's JSON carries it: the record, with its time as text. */
type FindingJson = Omit<FindingRecord, 'createdAt'> & { createdAt: string; lastSeenScanId?: string };

/** Findings of the tenant in the active transaction, worst first, in a stable order (severity, then id). */
export class FindingRepository {
  /**
   * One page of findings as JSON. This is the API's hottest query, so it is raw SQL on the read path (readRows: one
   * round trip with the tenant): a single scan becomes `scan_id = …` (the planner then ranges over
   * `(tenant_id, scan_id, severity, id)`), the latest scans are chosen inside the same statement, the cursor continues
   * with a row comparison, and PostgreSQL builds each item's JSON, which the API serves without parsing it.
   * Row-level security applies as to every tenant query.
   */
  async listJson(filter: FindingFilter): Promise<FindingJsonPage> {
    const after = filter.cursor ? decodeCursor(filter.cursor, { severity: severities, id: 'uuid' }) : undefined;
    if ('scanIds' in filter && filter.scanIds.length === 0) return { items: [], ruleIds: [], nextCursor: null };
    const rows = (await readRows(Prisma.sql`
      SELECT json_build_object('id', id, 'clusterId', cluster_id, 'scanId', scan_id, 'ruleId', rule_id, 'area', area,
                               'severity', severity, 'status', status, 'fingerprint', fingerprint,
                               'resource', json_build_object('apiVersion', resource_api_version, 'kind', resource_kind,
                                                             'namespace', resource_namespace, 'name', resource_name),
                               'container', container, 'message', message, 'evidence', evidence, 'exposure', exposure,
                               'exceptionId', exception_id, 'firstSeenScanId', first_seen_scan_id,
                               'createdAt', ${isoText('created_at')},
                               'lastSeenScanId', scan_id)::text AS item,
             rule_id AS item_rule_id, severity::text AS item_severity, id::text AS item_id
        FROM findings
       WHERE ${Prisma.join(conditionsOf(filter, after), ' AND ')}
       ORDER BY severity, id
       LIMIT ${filter.limit + 1}`)) as [string, string, string, string][];
    const page = jsonPageOf(rows, filter.limit, (row) => ({ severity: row[2], id: row[3] }));
    return { ...page, ruleIds: rows.slice(0, page.items.length).map((row) => row[1]) };
  }

  /** One page of findings as records (listJson, parsed). */
  async list(filter: FindingFilter): Promise<Page<FindingRecord>> {
    const page = await this.listJson(filter);
    return {
      items: page.items.map((json) => {
        const { lastSeenScanId: _same, ...row } = JSON.parse(json) as FindingJson;
        return { ...row, createdAt: new Date(row.createdAt) };
      }),
      nextCursor: page.nextCursor,
    };
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
  const conditions = [scanCondition(filter)];
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

/** The scans' condition; the latest finished scans are chosen as ScanRepository.latestFinishedIds chooses them. */
function scanCondition(filter: FindingScans): Prisma.Sql {
  if ('scanIds' in filter) return inList('scan_id', filter.scanIds, 'uuid');
  const latest = Prisma.sql`SELECT DISTINCT ON (cluster_id) id FROM scans
                             WHERE status IN ('succeeded', 'partial')
                               ${filter.latestScanOf === 'every-cluster' ? Prisma.empty : Prisma.sql`AND cluster_id = ${filter.latestScanOf.clusterId}::uuid`}
                             ORDER BY cluster_id, finished_at DESC`;
  // Over the whole fleet, `IS TRUE` keeps the IN as a hashed filter instead of a join PostgreSQL would flatten: the page
  // then walks findings_tenant_id_severity_id_idx in the page's order and stops after `limit` rows of latest scans,
  // where a join sorted every latest scan's findings (or compared each row with the whole list of latest scans).
  return filter.latestScanOf === 'every-cluster' ? Prisma.sql`(scan_id IN (${latest})) IS TRUE` : Prisma.sql`scan_id = (${latest})`;
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
