import { currentTenantContext } from '../tenancy/tenant-context.js';

export interface TenantRecord {
  id: string;
  name: string;
  slug: string;
  retentionDays: number;
  createdAt: Date;
}

/** The tenant of the active transaction (row-level security shows no other). */
export class TenantRepository {
  async current(): Promise<TenantRecord | undefined> {
    const row = await currentTenantContext().tx.tenant.findFirst({
      select: { id: true, name: true, slug: true, retentionDays: true, createdAt: true },
    });
    return row ?? undefined;
  }

  async update(changes: { name?: string; retentionDays?: number }): Promise<TenantRecord | undefined> {
    const tenant = await this.current();
    if (!tenant) return undefined;
    return currentTenantContext().tx.tenant.update({
      where: { id: tenant.id },
      data: changes,
      select: { id: true, name: true, slug: true, retentionDays: true, createdAt: true },
    });
  }
}
