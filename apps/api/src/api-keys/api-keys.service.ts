import { Injectable } from '@nestjs/common';
import { ApiKeyRepository, type ApiKeyRecord } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import { issueApiKey } from '../auth/api-key-secret.js';
import type { RequestContext } from '../auth/request-context.js';
import { VerifiedKeyCache } from '../auth/verified-key-cache.js';
import { DomainError } from '../problems/domain-error.js';
import { afterCommit } from '../tenancy/after-commit.js';
import type { CreateApiKeyDto } from './api-key.dto.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditService,
    private readonly verifiedKeys: VerifiedKeyCache,
  ) {}

  list(): Promise<ApiKeyRecord[]> {
    return this.keys.list();
  }

  async current(actor: RequestContext): Promise<ApiKeyRecord> {
    const key = await this.keys.get(actor.principal.keyId);
    if (!key) throw new DomainError('not-found', 'The key of this request no longer exists.');
    return key;
  }

  async create(actor: RequestContext, request: CreateApiKeyDto): Promise<ApiKeyRecord & { token: string }> {
    if (request.expiresAt && request.expiresAt <= new Date()) {
      throw new DomainError('validation-failed', 'expiresAt is in the past.', [{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const issued = issueApiKey();
    const key = await this.keys.create(actor.principal.tenantId, {
      name: request.name,
      role: request.role,
      prefix: issued.prefix,
      secretHash: issued.secretHash,
      expiresAt: request.expiresAt ?? null,
    });
    await this.audit.record(actor, 'api-key.create', { type: 'api-key', id: key.id }, { name: key.name, role: key.role, prefix: key.prefix });
    return { ...key, token: issued.token };
  }

  async revoke(actor: RequestContext, id: string): Promise<ApiKeyRecord> {
    const key = await this.keys.get(id);
    if (!key) throw new DomainError('not-found', `No API key ${id}.`);
    if (key.role === 'owner' && key.revokedAt === null && (await this.keys.countOtherLiveOwners(id)) === 0) {
      throw new DomainError('conflict', 'This is the last owner key; create another owner key before revoking it.');
    }
    const revoked = await this.keys.revoke(id);
    // Forgotten only once the revocation is visible, so no request in between can remember the key again.
    afterCommit(async () => this.verifiedKeys.forgetKey(id));
    await this.audit.record(actor, 'api-key.revoke', { type: 'api-key', id }, { name: key.name });
    return revoked ?? key;
  }
}
