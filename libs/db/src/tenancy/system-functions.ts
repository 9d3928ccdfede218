import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { DatabaseError } from '../database/database-error.js';
import { isUuid } from './tenant-id.js';

/** What authentication needs to know about an API key, found by its public prefix. */
export interface ApiKeyCredentials {
  tenantId: string;
  keyId: string;
  /** The stored hash of the secret; compare in constant time. */
  secretHash: string;
  role: ApiKeyRole;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CreateTenantInput {
  name: string;
  slug: string;
  /** The tenant's first key, role owner. The caller generates the secret, shows it once and passes only its hash. */
  ownerKey: { name: string; prefix: string; secretHash: string; expiresAt?: Date | null };
}

export interface CreatedTenant {
  tenantId: string;
  keyId: string;
}

export interface TenantRetention {
  tenantId: string;
  retentionDays: number;
}

export interface TouchApiKeyOptions {
  /** Skip the write when the key was marked used less than this long ago (default 60 s), so hot keys write rarely. */
  minIntervalMs?: number;
}

/**
 * The only operations that cross tenants, each a SECURITY DEFINER function in the database. They run outside any
 * tenant context, as the runtime role; everything else goes through `Database.withTenant`.
 */
export interface SystemFunctions {
  /** The key with this prefix, whatever its tenant, or null. Authentication, before any tenant is known. */
  findApiKeyByPrefix(prefix: string): Promise<ApiKeyCredentials | null>;
  /** Sets the key's last_used_at to now (throttled, see options); resolves whether it wrote. */
  touchApiKey(keyId: string, options?: TouchApiKeyOptions): Promise<boolean>;
  /** How many tenants exist (first-run bootstrap check). */
  countTenants(): Promise<number>;
  /** Creates a tenant and its first owner key in one transaction. Throws DatabaseError code conflict when the slug or key prefix is taken. */
  createTenant(input: CreateTenantInput): Promise<CreatedTenant>;
  /** Like createTenant, but only when no tenant exists yet (concurrent callers: exactly one succeeds); null otherwise. */
  createFirstTenant(input: CreateTenantInput): Promise<CreatedTenant | null>;
  /** Every tenant with its retention, oldest first (maintenance jobs, key rotation). */
  listTenants(): Promise<TenantRetention[]>;
}

/** The typed wrappers over the SECURITY DEFINER functions of the tenant_isolation migration. */
export function systemFunctions(client: PrismaClient): SystemFunctions {
  const create = async (input: CreateTenantInput, onlyIfEmpty: boolean) => {
    try {
      const rows = await client.$queryRaw<{ tenant_id: string; key_id: string }[]>`
        SELECT tenant_id::text, key_id::text FROM meshguard_create_tenant(
          ${input.name}, ${input.slug}, ${input.ownerKey.name}, ${input.ownerKey.prefix},
          ${input.ownerKey.secretHash}, ${input.ownerKey.expiresAt ?? null}::timestamptz, ${onlyIfEmpty})`;
      const [row] = rows;
      return row ? { tenantId: row.tenant_id, keyId: row.key_id } : null;
    } catch (error) {
      throw conflictOr(error, input);
    }
  };
  return {
    async findApiKeyByPrefix(prefix) {
      const rows = await client.$queryRaw<
        {
          tenant_id: string;
          key_id: string;
          secret_hash: string;
          role: ApiKeyRole;
          expires_at: Date | null;
          revoked_at: Date | null;
        }[]
      >`SELECT tenant_id::text, key_id::text, secret_hash, role::text AS role, expires_at, revoked_at
          FROM meshguard_find_api_key(${prefix})`;
      const [row] = rows;
      return row
        ? {
            tenantId: row.tenant_id,
            keyId: row.key_id,
            secretHash: row.secret_hash,
            role: row.role,
            expiresAt: row.expires_at,
            revokedAt: row.revoked_at,
          }
        : null;
    },
    async touchApiKey(keyId, options = {}) {
      if (!isUuid(keyId)) return false;
      const minIntervalMs = Math.max(0, Math.min(options.minIntervalMs ?? 60_000, 2_147_483_647));
      const [row] = await client.$queryRaw<{ touched: boolean }[]>`
        SELECT meshguard_touch_api_key(${keyId}::uuid, ${minIntervalMs}::integer) AS touched`;
      return row?.touched === true;
    },
    async countTenants() {
      const [row] = await client.$queryRaw<
        { count: number }[]
      >`SELECT meshguard_count_tenants()::int AS count`;
      return row?.count ?? 0;
    },
    async createTenant(input) {
      const created = await create(input, false);
      if (!created) throw new Error('meshguard_create_tenant returned no row');
      return created;
    },
    createFirstTenant: (input) => create(input, true),
    async listTenants() {
      const rows = await client.$queryRaw<{ tenant_id: string; retention_days: number }[]>`
        SELECT tenant_id::text, retention_days FROM meshguard_list_tenants()`;
      return rows.map((row) => ({ tenantId: row.tenant_id, retentionDays: row.retention_days }));
    },
  };
}

function conflictOr(error: unknown, input: CreateTenantInput): unknown {
  const text = error instanceof Error ? error.message : String(error);
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || !/23505|unique/i.test(text)) return error;
  const what = /prefix/.test(text)
    ? `an API key with prefix ${JSON.stringify(input.ownerKey.prefix)} already exists; generate another key`
    : `a tenant with slug ${JSON.stringify(input.slug)} already exists; choose another slug`;
  return new DatabaseError('conflict', `Cannot create the tenant: ${what}.`, { cause: error });
}
