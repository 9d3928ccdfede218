import type { Prisma } from '../generated/prisma/client.js';
import type { ReportFormat, ReportStatus, ReportTrigger } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';

/** What a report covers: one cluster, the clusters matching a label selector, or every cluster of the tenant. */
export type ReportScopeRecord =
  | { kind: 'cluster'; clusterId: string }
  | { kind: 'selector'; selector: Record<string, string> }
  | { kind: 'fleet' };

/** A stored report as the API shows it: metadata only, the bytes are read chunk by chunk. */
export interface ReportRecord {
  id: string;
  framework: string;
  scope: ReportScopeRecord;
  asOf: Date;
  format: ReportFormat;
  status: ReportStatus;
  trigger: ReportTrigger;
  scheduleId: string | null;
  failureReason: string | null;
  mediaType: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  digest: string | null;
  signature: string | null;
  signingKeyId: string | null;
  scans: { clusterId: string; scanId: string | null }[];
  summary: Record<string, unknown> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date;
}

export interface NewReport {
  framework: string;
  scope: ReportScopeRecord;
  asOf: Date;
  format: ReportFormat;
  trigger: ReportTrigger;
  scheduleId: string | null;
  requestedByKeyId: string | null;
  expiresAt: Date;
  /** The request's Idempotency-Key: a repeat finds this report (byIdempotencyKey) instead of queuing another. */
  idempotencyKey?: string | null;
}

/** What the worker stores once the bytes are in place. */
export interface FinishedReport {
  mediaType: string;
  fileName: string;
  sizeBytes: number;
  digest: string;
  signature: string;
  signingKeyId: string;
  scans: { clusterId: string; scanId: string | null }[];
  summary: Record<string, unknown>;
}

export interface ReportFilter {
  status?: ReportStatus;
  framework?: string;
  scheduleId?: string;
  cursor?: string;
  limit: number;
}

const select = {
  id: true,
  framework: true,
  scope: true,
  asOf: true,
  format: true,
  status: true,
  trigger: true,
  scheduleId: true,
  failureReason: true,
  mediaType: true,
  fileName: true,
  sizeBytes: true,
  digest: true,
  signature: true,
  signingKeyId: true,
  scans: true,
  summary: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  expiresAt: true,
} as const;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof select }>;

/** Stored compliance reports of the tenant in the active transaction, and their bytes. */
export class ReportRepository {
  async create(tenantId: string, report: NewReport): Promise<ReportRecord> {
    const row = await currentTenantContext().tx.report.create({
      select,
      data: { tenantId, ...report, scope: report.scope as Prisma.InputJsonValue },
    });
    return toRecord(row);
  }

  /** Reports still `queued` that were created before `cutoff`, oldest first. */
  async queuedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await currentTenantContext().tx.report.findMany({
      select: { id: true },
      where: { status: 'queued', createdAt: { lt: cutoff } },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** The report an earlier request with this Idempotency-Key created. */
  async byIdempotencyKey(key: string): Promise<ReportRecord | undefined> {
    const row = await currentTenantContext().tx.report.findFirst({ select, where: { idempotencyKey: key } });
    return row ? toRecord(row) : undefined;
  }

  async get(id: string): Promise<ReportRecord | undefined> {
    const row = await currentTenantContext().tx.report.findFirst({ select, where: { id } });
    return row ? toRecord(row) : undefined;
  }

  /** Newest first, keyset-paginated. */
  async list(filter: ReportFilter): Promise<Page<ReportRecord>> {
    const after = filter.cursor ? decodeCursor(filter.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const rows = await currentTenantContext().tx.report.findMany({
      select,
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.framework ? { framework: filter.framework } : {}),
        ...(filter.scheduleId ? { scheduleId: filter.scheduleId } : {}),
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit + 1,
    });
    return pageOf(rows, filter.limit, toRecord, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }

  /** Deletes the report, its bytes and its delivery log. */
  async delete(id: string): Promise<boolean> {
    return (await currentTenantContext().tx.report.deleteMany({ where: { id } })).count === 1;
  }

  /**
   * Claims a queued report for generation (or one whose earlier attempt died while running) and drops any bytes a
   * previous attempt left. Undefined when it is gone, ready or failed: the job then has nothing to do.
   */
  async start(id: string): Promise<ReportRecord | undefined> {
    const tx = currentTenantContext().tx;
    const claimed = await tx.report.updateMany({ where: { id, status: { in: ['queued', 'running'] } }, data: { status: 'running', startedAt: new Date() } });
    if (claimed.count === 0) return undefined;
    await tx.reportChunk.deleteMany({ where: { reportId: id } });
    return this.get(id);
  }

  /** Appends one piece of the report's bytes (seq 0, 1, 2 …). */
  async appendChunk(tenantId: string, reportId: string, seq: number, data: Uint8Array<ArrayBuffer>): Promise<void> {
    await currentTenantContext().tx.reportChunk.create({ data: { tenantId, reportId, seq, data } });
  }

  /** Marks a running report ready with its digest and signature; false when it is no longer running. */
  async finish(id: string, finished: FinishedReport): Promise<boolean> {
    const { count } = await currentTenantContext().tx.report.updateMany({
      where: { id, status: 'running' },
      data: {
        ...finished,
        scans: finished.scans as Prisma.InputJsonValue,
        summary: finished.summary as Prisma.InputJsonValue,
        status: 'ready',
        failureReason: null,
        finishedAt: new Date(),
      },
    });
    return count === 1;
  }

  /** Marks the report failed with a reason the API shows, and drops partial bytes. */
  async fail(id: string, reason: string): Promise<boolean> {
    const tx = currentTenantContext().tx;
    await tx.reportChunk.deleteMany({ where: { reportId: id } });
    const { count } = await tx.report.updateMany({
      where: { id, status: { in: ['queued', 'running'] } },
      data: { status: 'failed', failureReason: reason, finishedAt: new Date() },
    });
    return count === 1;
  }

  /** Number of stored pieces of the report. */
  chunkCount(reportId: string): Promise<number> {
    return currentTenantContext().tx.reportChunk.count({ where: { reportId } });
  }

  /** One piece of the report's bytes, or undefined past the last one. */
  async chunk(reportId: string, seq: number): Promise<Buffer | undefined> {
    const row = await currentTenantContext().tx.reportChunk.findFirst({ select: { data: true }, where: { reportId, seq } });
    return row ? Buffer.from(row.data) : undefined;
  }

  /** Retention: deletes the reports that expired before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    return (await currentTenantContext().tx.report.deleteMany({ where: { expiresAt: { lt: now } } })).count;
  }
}

function toRecord(row: ReportRow): ReportRecord {
  return {
    ...row,
    scope: row.scope as unknown as ReportScopeRecord,
    scans: (row.scans ?? []) as unknown as ReportRecord['scans'],
    summary: (row.summary ?? null) as Record<string, unknown> | null,
  };
}
