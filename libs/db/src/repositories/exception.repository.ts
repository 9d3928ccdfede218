import type { ExceptionMode } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';

/** A waiver as the API manages it. `ruleId` null means every rule; `clusterId` null means every cluster. */
export interface ExceptionRecord {
  id: string;
  ruleId: string | null;
  clusterId: string | null;
  namespacePattern: string;
  namePattern: string;
  kind: string | null;
  labels: Record<string, string>;
  container: string | null;
  justification: string;
  owner: string;
  expiresAt: Date;
  evidenceFingerprint: string | null;
  mode: ExceptionMode;
  createdByKeyId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export type NewException = Omit<ExceptionRecord, 'id' | 'createdAt' | 'revokedAt'>;

/** Which waivers a listing shows: in force now, past their expiry, revoked, or all. */
export type ExceptionState = 'active' | 'expired' | 'revoked' | 'all';

export class ExceptionRepository {
  async create(tenantId: string, exception: NewException): Promise<ExceptionRecord> {
    const row = await currentTenantContext().tx.exception.create({ data: { tenantId, ...exception } });
    return toRecord(row);
  }

  async get(id: string): Promise<ExceptionRecord | undefined> {
    const row = await currentTenantContext().tx.exception.findFirst({ where: { id } });
    return row ? toRecord(row) : undefined;
  }

  async list(options: { state: ExceptionState; now: Date; clusterId?: string; cursor?: string; limit: number }): Promise<Page<ExceptionRecord>> {
    const after = options.cursor ? decodeCursor(options.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const state = {
      active: { revokedAt: null, expiresAt: { gt: options.now } },
      expired: { revokedAt: null, expiresAt: { lte: options.now } },
      revoked: { revokedAt: { not: null } },
      all: {},
    }[options.state];
    const rows = await currentTenantContext().tx.exception.findMany({
      where: {
        ...state,
        ...(options.clusterId ? { clusterId: options.clusterId } : {}),
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    return pageOf(rows, options.limit, toRecord, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }

  /** Revokes a waiver; it stops applying at the next scan. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<ExceptionRecord | undefined> {
    await currentTenantContext().tx.exception.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return this.get(id);
  }
}

function toRecord(row: Omit<ExceptionRecord, 'labels'> & { labels: unknown; tenantId: string }): ExceptionRecord {
  const { tenantId: _tenant, labels, ...rest } = row;
  return { ...rest, labels: (labels ?? {}) as Record<string, string> };
}
