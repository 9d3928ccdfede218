import type { Prisma } from '../generated/prisma/client.js';
import type { Exposure, FindingStatus, Severity } from '../generated/prisma/enums.js';
import { currentTenantContext, type TenantTransaction } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';

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

const severityOrder: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Findings of the tenant in the active transaction, worst first, in a stable order (severity, then id). */
export class FindingRepository {
  async list(filter: FindingFilter): Promise<Page<FindingRecord>> {
    const after = filter.cursor ? decodeCursor(filter.cursor, ['severity', 'id']) : undefined;
    const rows = await currentTenantContext().tx.finding.findMany({
      where: { AND: [whereOf(filter), after ? afterPosition(after.severity as Severity, after.id) : {}] },
      orderBy: [{ severity: 'asc' }, { id: 'asc' }],
      take: filter.limit + 1,
    });
    return pageOf(rows, filter.limit, toRecord, (row) => ({ severity: row.severity, id: row.id }));
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

function whereOf(filter: FindingFilter): Prisma.FindingWhereInput {
  return {
    scanId: { in: filter.scanIds },
    ...(filter.severities?.length ? { severity: { in: filter.severities } } : {}),
    ...(filter.ruleIds?.length ? { ruleId: { in: filter.ruleIds } } : {}),
    ...(filter.areas?.length ? { area: { in: filter.areas } } : {}),
    ...(filter.statuses?.length ? { status: { in: filter.statuses } } : {}),
    ...(filter.namespace !== undefined ? { resourceNamespace: filter.namespace } : {}),
    ...(filter.kind !== undefined ? { resourceKind: filter.kind } : {}),
    ...(filter.name !== undefined ? { resourceName: filter.name } : {}),
    ...(filter.onlyNew ? { OR: filter.scanIds.map((scanId) => ({ scanId, firstSeenScanId: scanId })) } : {}),
  };
}

function afterPosition(severity: Severity, id: string): Prisma.FindingWhereInput {
  const later = severityOrder.slice(severityOrder.indexOf(severity) + 1);
  return { OR: [{ severity: { in: later } }, { severity, id: { gt: id } }] };
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
