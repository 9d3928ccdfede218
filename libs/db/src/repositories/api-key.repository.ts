import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';

/** An API key as listings show it: never the secret or its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const select = { id: true, name: true, prefix: true, role: true, expiresAt: true, lastUsedAt: true, revokedAt: true, createdAt: true } as const;

export class ApiKeyRepository {
  list(): Promise<ApiKeyRecord[]> {
    return currentTenantContext().tx.apiKey.findMany({ select, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  get(id: string): Promise<ApiKeyRecord | null> {
    return currentTenantContext().tx.apiKey.findFirst({ select, where: { id } });
  }

  create(tenantId: string, key: { name: string; role: ApiKeyRole; prefix: string; secretHash: string; expiresAt: Date | null }): Promise<ApiKeyRecord> {
    return currentTenantContext().tx.apiKey.create({ select, data: { tenantId, ...key } });
  }

  /** Revokes a key; revoking twice keeps the first revocation time. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    await currentTenantContext().tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return this.get(id);
  }

  /** Live owner keys other than `exceptId`: the last owner key cannot be revoked. */
  countOtherLiveOwners(exceptId: string): Promise<number> {
    return currentTenantContext().tx.apiKey.count({
      where: { role: 'owner', revokedAt: null, id: { not: exceptId }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
  }
}
