import { Prisma } from '../generated/prisma/client.js';
import type { ClusterAccessLevel as StoredAccessLevel } from '../generated/prisma/enums.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { readRows } from '../tenancy/tenant-reads.js';
import { decodeCursor, jsonPageOf, pageOf, type JsonPage, type Page } from './cursor.js';
import { isoText } from './iso-text.js';
import { likeLiteral } from './like-literal.js';

/** What the stored credentials may do, spelt as libs/k8s classifies them (the database enum uses underscores). */
export type ClusterAccessLevel = 'read-only' | 'write-capable' | 'unknown';

/** A registered cluster as the API shows it; credentials never leave the repository in this shape. */
export interface ClusterRecord {
  id: string;
  name: string;
  labels: Record<string, string>;
  serverUrl: string;
  accessLevel: ClusterAccessLevel;
  serverVersion: string | null;
  schedule: { cron: string; timezone: string } | null;
  hasCredentials: boolean;
  lastVerifiedAt: Date | null;
  lastVerificationError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClusterFilter {
  /** Every label must match exactly. */
  labels?: Record<string, string>;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  cursor?: string;
  limit: number;
}

export interface NewCluster {
  name: string;
  labels: Record<string, string>;
  serverUrl: string;
  credentialCiphertext: Uint8Array<ArrayBuffer>;
  credentialKeyId: string;
  accessLevel: ClusterAccessLevel;
  serverVersion: string | null;
  schedule: { cron: string; timezone: string } | null;
  /** One address only this cluster may be contacted at despite the address check (the bundled demo cluster). */
  allowedAddress?: string | null;
}

export interface ClusterChanges {
  name?: string;
  labels?: Record<string, string>;
  schedule?: { cron: string; timezone: string } | null;
  credentials?: Pick<NewCluster, 'serverUrl' | 'credentialCiphertext' | 'credentialKeyId' | 'accessLevel' | 'serverVersion' | 'allowedAddress'>;
}

const select = {
  id: true,
  name: true,
  labels: true,
  serverUrl: true,
  accessLevel: true,
  serverVersion: true,
  scheduleCron: true,
  scheduleTimezone: true,
  credentialKeyId: true,
  lastVerifiedAt: true,
  lastVerificationError: true,
  createdAt: true,
  updatedAt: true,
} as const;

type ClusterRow = Prisma.ClusterGetPayload<{ select: typeof select }>;

/** Clusters of the tenant in the active transaction; deleted clusters are invisible here. */
export class ClusterRepository {
  async list(filter: ClusterFilter): Promise<Page<ClusterRecord>> {
    const tx = currentTenantContext().tx;
    const after = filter.cursor ? decodeCursor(filter.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const rows = await tx.cluster.findMany({
      select,
      where: {
        deletedAt: null,
        ...(filter.nameContains ? { name: { contains: likeLiteral(filter.nameContains), mode: 'insensitive' } } : {}),
        AND: Object.entries(filter.labels ?? {}).map(([key, value]) => ({ labels: { path: [key], equals: value } })),
        ...(after
          ? {
              OR: [
                { createdAt: { lt: new Date(after.createdAt) } },
                { createdAt: new Date(after.createdAt), id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit + 1,
    });
    return pageOf(rows, filter.limit, toRecord, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }

  /**
   * One page of clusters as JSON, built by PostgreSQL in the record's shape, on the read path (readRows: one round
   * trip with the tenant). The label filter is containment (`labels @> {…}`), answered by the labels GIN index.
   */
  async listJson(filter: ClusterFilter): Promise<JsonPage> {
    const after = filter.cursor ? decodeCursor(filter.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const conditions = [Prisma.sql`deleted_at IS NULL`];
    if (filter.labels && Object.keys(filter.labels).length > 0) conditions.push(Prisma.sql`labels @> ${JSON.stringify(filter.labels)}::jsonb`);
    if (filter.nameContains) conditions.push(Prisma.sql`name ILIKE ${`%${likeLiteral(filter.nameContains)}%`}`);
    if (after) conditions.push(Prisma.sql`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
    const rows = (await readRows(Prisma.sql`
      SELECT json_build_object('id', id, 'name', name, 'labels', labels, 'serverUrl', server_url,
                               'accessLevel', replace(access_level::text, '_', '-'), 'serverVersion', server_version,
                               'schedule', CASE WHEN schedule_cron IS NOT NULL
                                                THEN json_build_object('cron', schedule_cron, 'timezone', schedule_timezone) END,
                               'hasCredentials', credential_key_id IS NOT NULL,
                               'lastVerifiedAt', ${isoText('last_verified_at')}, 'lastVerificationError', last_verification_error,
                               'createdAt', ${isoText('created_at')}, 'updatedAt', ${isoText('updated_at')})::text AS item,
             ${isoText('created_at')} AS item_created_at, id::text AS item_id
        FROM clusters
       WHERE ${Prisma.join(conditions, ' AND ')}
       ORDER BY created_at DESC, id DESC
       LIMIT ${filter.limit + 1}`)) as [string, string, string][];
    return jsonPageOf(rows, filter.limit, (row) => ({ createdAt: row[1], id: row[2] }));
  }

  /** Whether a live cluster `id` exists, on the read path (one round trip). */
  async exists(id: string): Promise<boolean> {
    const rows = await readRows(Prisma.sql`SELECT id::text FROM clusters WHERE id = ${id}::uuid AND deleted_at IS NULL`);
    return rows.length > 0;
  }

  async get(id: string): Promise<ClusterRecord | undefined> {
    const row = await currentTenantContext().tx.cluster.findFirst({ select, where: { id, deletedAt: null } });
    return row ? toRecord(row) : undefined;
  }

  async findByName(name: string): Promise<ClusterRecord | undefined> {
    const row = await currentTenantContext().tx.cluster.findFirst({ select, where: { name, deletedAt: null } });
    return row ? toRecord(row) : undefined;
  }

  async create(tenantId: string, cluster: NewCluster): Promise<ClusterRecord> {
    const row = await currentTenantContext().tx.cluster.create({
      select,
      data: {
        tenantId,
        name: cluster.name,
        labels: cluster.labels,
        serverUrl: cluster.serverUrl,
        credentialCiphertext: cluster.credentialCiphertext,
        credentialKeyId: cluster.credentialKeyId,
        accessLevel: stored(cluster.accessLevel),
        serverVersion: cluster.serverVersion,
        scheduleCron: cluster.schedule?.cron ?? null,
        scheduleTimezone: cluster.schedule?.timezone ?? 'UTC',
        allowedAddress: cluster.allowedAddress ?? null,
        lastVerifiedAt: new Date(),
      },
    });
    return toRecord(row);
  }

  async update(id: string, changes: ClusterChanges): Promise<ClusterRecord | undefined> {
    const existing = await this.get(id);
    if (!existing) return undefined;
    const row = await currentTenantContext().tx.cluster.update({
      select,
      where: { id },
      data: {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.labels !== undefined ? { labels: changes.labels } : {}),
        ...(changes.schedule !== undefined
          ? { scheduleCron: changes.schedule?.cron ?? null, scheduleTimezone: changes.schedule?.timezone ?? 'UTC' }
          : {}),
        ...(changes.credentials
          ? {
              ...changes.credentials,
              // A replaced kubeconfig keeps no address allowance unless the server grants it again with it.
              allowedAddress: changes.credentials.allowedAddress ?? null,
              accessLevel: stored(changes.credentials.accessLevel),
              lastVerifiedAt: new Date(),
              lastVerificationError: null,
            }
          : {}),
      },
    });
    return toRecord(row);
  }

  /** Records the outcome of a verification run (`error` null when it succeeded). */
  async recordVerification(id: string, outcome: { accessLevel: ClusterAccessLevel; serverVersion: string | null; error: string | null }): Promise<ClusterRecord | undefined> {
    if (!(await this.get(id))) return undefined;
    const row = await currentTenantContext().tx.cluster.update({
      select,
      where: { id },
      data: {
        accessLevel: stored(outcome.accessLevel),
        ...(outcome.serverVersion ? { serverVersion: outcome.serverVersion } : {}),
        lastVerifiedAt: new Date(),
        lastVerificationError: outcome.error,
      },
    });
    return toRecord(row);
  }

  /**
   * The sealed kubeconfig, for the one caller that needs it (verification or a scan) to open in memory, with the one
   * address this cluster alone may be contacted at beyond the operator's allowlist (null for every ordinary cluster).
   */
  async sealedCredentials(id: string): Promise<{ ciphertext: Uint8Array; dataKeyId: string; allowedAddress: string | null } | undefined> {
    const row = await currentTenantContext().tx.cluster.findFirst({
      select: { credentialCiphertext: true, credentialKeyId: true, allowedAddress: true },
      where: { id, deletedAt: null },
    });
    return row?.credentialCiphertext && row.credentialKeyId
      ? { ciphertext: row.credentialCiphertext, dataKeyId: row.credentialKeyId, allowedAddress: row.allowedAddress }
      : undefined;
  }

  /** Deletes a cluster: credentials are purged at once, the row stays (deleted_at) so scan history survives. */
  async delete(id: string): Promise<boolean> {
    const { tx, tenantId } = currentTenantContext();
    const deletedAt = new Date();
    const result = await tx.cluster.updateMany({
      where: { id, deletedAt: null },
      data: { deletedAt, credentialCiphertext: null, credentialKeyId: null, scheduleCron: null },
    });
    if (result.count !== 1) return false;
    // Fleet and label-group trends stop counting it from now on.
    await new TrendRollupRepository().recordClusterDeletion(tenantId, id, deletedAt);
    return true;
  }
}

function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    labels: (row.labels ?? {}) as Record<string, string>,
    serverUrl: row.serverUrl,
    accessLevel: row.accessLevel.replace('_', '-') as ClusterAccessLevel,
    serverVersion: row.serverVersion,
    schedule: row.scheduleCron ? { cron: row.scheduleCron, timezone: row.scheduleTimezone } : null,
    hasCredentials: row.credentialKeyId !== null,
    lastVerifiedAt: row.lastVerifiedAt,
    lastVerificationError: row.lastVerificationError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function stored(level: ClusterAccessLevel): StoredAccessLevel {
  return level.replace('-', '_') as StoredAccessLevel;
}
