import type { WebhookDeliveryOutcome } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';

/** A webhook endpoint as the API shows it: never its signing secret. */
export interface WebhookEndpointRecord {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: WebhookDeliveryOutcome;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const select = { id: true, url: true, events: true, enabled: true, disabledReason: true, createdAt: true, updatedAt: true } as const;

/** The tenant's webhook endpoints and their delivery log (the worker delivers; this is the API's side). */
export class WebhookEndpointRepository {
  list(): Promise<WebhookEndpointRecord[]> {
    return currentTenantContext().tx.webhookEndpoint.findMany({ select, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  async get(id: string): Promise<WebhookEndpointRecord | undefined> {
    return (await currentTenantContext().tx.webhookEndpoint.findFirst({ select, where: { id } })) ?? undefined;
  }

  create(tenantId: string, endpoint: { url: string; events: string[]; secretCiphertext: Uint8Array<ArrayBuffer>; secretKeyId: string }): Promise<WebhookEndpointRecord> {
    return currentTenantContext().tx.webhookEndpoint.create({ select, data: { tenantId, ...endpoint } });
  }

  /** Deletes the endpoint and its delivery log. */
  async delete(id: string): Promise<boolean> {
    return (await currentTenantContext().tx.webhookEndpoint.deleteMany({ where: { id } })).count === 1;
  }

  async deliveries(endpointId: string, options: { cursor?: string; limit: number }): Promise<Page<WebhookDeliveryRecord>> {
    const after = options.cursor ? decodeCursor(options.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const rows = await currentTenantContext().tx.webhookDelivery.findMany({
      select: {
        id: true,
        eventId: true,
        eventType: true,
        attempt: true,
        outcome: true,
        statusCode: true,
        durationMs: true,
        error: true,
        deliveredAt: true,
        createdAt: true,
      },
      where: {
        endpointId,
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    return pageOf(rows, options.limit, (row) => row, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }
}
