import { Injectable } from '@nestjs/common';
import { AuditRepository } from '@meshguard/db';
import type { RequestContext } from '../auth/request-context.js';

/** Records every mutation in the same transaction as the mutation itself: both happen or neither does. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  record(actor: RequestContext, action: string, target: { type: string; id: string | null }, details: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({
      tenantId: actor.principal.tenantId,
      actorKeyId: actor.principal.keyId,
      actor: `api-key:${actor.principal.keyPrefix}`,
      action,
      targetType: target.type,
      targetId: target.id,
      details,
      sourceIp: actor.sourceIp,
      correlationId: actor.correlationId,
    });
  }
}
