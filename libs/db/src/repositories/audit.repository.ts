import type { Prisma } from '../generated/prisma/client.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';

export interface AuditEventInput {
  tenantId: string;
  actorKeyId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  sourceIp: string | null;
  correlationId: string | null;
}

export interface AuditEventRecord extends Omit<AuditEventInput, 'tenantId'> {
  id: string;
  createdAt: Date;
}

/** Append-only log of mutations, written in the same transaction as the change it records. */
export class AuditRepository {
  async record(event: AuditEventInput): Promise<void> {
    await currentTenantContext().tx.auditEvent.create({ data: { ...event, details: event.details as Prisma.InputJsonObject } });
  }

  async list(options: { cursor?: string; limit: number; action?: string; targetId?: string }): Promise<Page<AuditEventRecord>> {
    const after = options.cursor ? decodeCursor(options.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const rows = await currentTenantContext().tx.auditEvent.findMany({
      where: {
        ...(options.action ? { action: options.action } : {}),
        ...(options.targetId ? { targetId: options.targetId } : {}),
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    return pageOf(
      rows,
      options.limit,
      ({ tenantId: _tenant, details, ...row }) => ({ ...row, details: (details ?? {}) as Record<string, unknown> }),
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
    );
  }
}
