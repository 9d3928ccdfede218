import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, types as pgliteTypes, type SerializerOptions } from '@electric-sql/pglite';
import type { DatabaseConfig } from '@meshguard/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { MigrationError } from '../migrations/migration-error.js';
import { applyMigrations, type MigrationRunResult } from '../migrations/migration-runner.js';
import { pgliteSession, pgSession } from '../migrations/sql-session.js';
import { DatabaseError, withTimeout } from './database-error.js';
import { runtimeRole } from '../tenancy/runtime-role.js';
import { systemFunctions, type SystemFunctions } from '../tenancy/system-functions.js';
import type { TenantTransaction } from '../tenancy/tenant-context.js';
import { withTenant, type WithTenantOptions } from '../tenancy/with-tenant.js';
import { withTenantReads, type TenantBatch, type TextRow } from '../tenancy/tenant-reads.js';
import { defaultMigrationsDir } from '../paths.js';
import { claimEmbeddedDirectory } from './embedded-lock.js';
import { embeddedStartParams, unpackEmbeddedSnapshot } from './embedded-snapshot.js';
import { readMigrationFiles } from '../migrations/migration-files.js';
import { checkSchemaCurrent } from './schema-check.js';
import { redactUrl } from './redact-url.js';

/**
 * The Prisma client over meshguard's schema, connected as the runtime role meshguard_app: outside
 * `Database.withTenant` it sees no tenant rows and can write none. Only libs/db and its repositories use it directly.
 */
export type DatabaseClient = PrismaClient;

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  /** Where the data lives: the URL without password, or the embedded data directory. */
  readonly location: string;
  readonly client: DatabaseClient;
  /**
   * Runs `work` in one transaction scoped to `tenantId` (transaction-local app.tenant_id, enforced by row-level
   * security) inside the tenant context. Throws TenantContextError for a malformed id or a nested call.
   */
  withTenant<T>(
    tenantId: string,
    work: (tx: TenantTransaction) => Promise<T>,
    options?: WithTenantOptions,
  ): Promise<T>;
  /**
   * Runs `work` in tenant reads of `tenantId`: no transaction around it; each read-path statement (`readRows`) is one
   * round trip that sets the tenant in the same batch. For requests that only read (the hot pages).
   */
  withTenantReads<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
  /** The few cross-tenant operations (API key lookup, bootstrap, tenant listing), as SECURITY DEFINER functions. */
  readonly system: SystemFunctions;
  /** What opening applied; empty lists when migration was skipped. */
  readonly migrations: MigrationRunResult;
  /** Resolves when the database answers a trivial query within `timeoutMs` (default 2 s); throws DatabaseError otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Disconnects the client and releases the connection pool or the embedded database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * What opening does about the schema: `migrate` applies pending migrations as the owner (idempotent, serialised by an
 * advisory lock); `verify` applies nothing and refuses a database that lacks a shipped migration; both then check that
 * runtime connections are an unprivileged meshguard_app. `none` checks nothing and connects lazily (tools and tests).
 */
export type SchemaStartup = 'migrate' | 'verify' | 'none';

export interface OpenDatabaseOptions {
  /** Default `migrate`, or `verify` when the configuration turns migration at start-up off. */
  schema?: SchemaStartup;
  migrationsDir?: string;
  /** How long to wait for a PostgreSQL connection; default 5 s. */
  connectTimeoutMs?: number;
  /** Connections in the PostgreSQL pool; default 10. */
  poolSize?: number;
  log?: (message: string) => void;
}

const appliedMigrationsSql = 'SELECT name FROM meshguard_applied_migrations() AS name';

const noMigrations: MigrationRunResult = { applied: [], alreadyApplied: [], unknown: [] };

/**
 * Opens the product's database as configured: PostgreSQL at `config.url`, or PGlite persisted under
 * `<config.dataDir>/pglite`. Applies pending migrations first (as the owner; see SchemaStartup), so a fresh
 * machine starts with an up-to-date schema; then every runtime connection (over `config.runtimeUrl` when set) runs as
 * meshguard_app, under row-level security. Throws DatabaseError when the database is unreachable, (embedded) already
 * in use, or the runtime role is unusable (`not-migrated`), MigrationError when migrations cannot be applied.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const schema =
    options.schema ?? (config.kind === 'postgres' && config.migrateOnStart === false ? 'verify' : 'migrate');
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.runtimeUrl ?? config.url, schema, options)
    : openEmbedded(config.dataDir, schema, options);
}

async function openPostgres(
  url: string,
  runtimeUrl: string,
  schema: SchemaStartup,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const location = redactUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  let migrations = noMigrations;
  if (schema === 'migrate') {
    // Migrations run as the URL's user (the owner); only runtime connections switch to the runtime role.
    const connection = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
    await connection.connect().catch(async (error: unknown) => {
      await connection.end().catch(() => undefined);
      throw unreachable(location, error, connectTimeoutMs);
    });
    try {
      migrations = await applyMigrations(pgSession(connection), {
        migrationsDir: options.migrationsDir,
        log: options.log,
      });
    } finally {
      await connection.end().catch(() => undefined);
    }
  }
  const pool = new pg.Pool({
    connectionString: runtimeUrl,
    connectionTimeoutMillis: connectTimeoutMs,
    max: options.poolSize ?? 10,
    // The role is part of the connection's startup packet: a connection that cannot take it fails instead of
    // silently running as the owner.
    options: `-c role=${runtimeRole}`,
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log?.(`database connection lost: ${error.message}`));
  if (schema !== 'none') {
    try {
      await checkRuntimeRole((sql) =>
        pool.query<{ role: string; safe: boolean }>(sql).then((result) => result.rows),
      );
      if (schema === 'verify') {
        await checkSchemaCurrent(
          () =>
            pool
              .query<{ name: string }>(appliedMigrationsSql)
              .then((result) => result.rows.map((row) => row.name)),
          options.migrationsDir ?? defaultMigrationsDir,
          location,
        );
      }
    } catch (error) {
      await pool.end();
      if (error instanceof DatabaseError || error instanceof MigrationError) throw error;
      throw runtimeRoleUnusable(location, error);
    }
  }
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sendBatch = poolBatch(pool);
  let closed: Promise<void> | undefined;
  return {
    kind: 'postgres',
    location,
    client,
    migrations,
    withTenant: (tenantId, work, tenantOptions) => withTenant(client, tenantId, work, tenantOptions),
    withTenantReads: (tenantId, work) => withTenantReads(sendBatch, tenantId, work),
    system: systemFunctions(client),
    async ping(timeoutMs = 2_000) {
      await withTimeout(
        pool.query('SELECT 1').catch((error: unknown) => {
          throw unreachable(location, error);
        }),
        timeoutMs,
        () => `PostgreSQL at ${location} did not answer within ${timeoutMs} ms`,
      );
    },
    close() {
      closed ??= client.$disconnect().finally(() => pool.end());
      return closed;
    },
  };
}

async function openEmbedded(
  dataDir: string,
  schema: SchemaStartup,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const directory = resolve(dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  const release = claimEmbeddedDirectory(directory);
  let db: PGlite | undefined;
  let migrations = noMigrations;
  try {
    // A fresh directory starts from the build's pre-migrated snapshot when it matches the migrations (see
    // embedded-snapshot.ts): its key proves every migration applied, so the migration run is skipped.
    let fromSnapshot = false;
    if (schema === 'migrate' && !existsSync(join(directory, 'PG_VERSION'))) {
      const migrationFiles = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
      fromSnapshot = await unpackEmbeddedSnapshot(migrationFiles, directory);
      if (fromSnapshot) {
        options.log?.('embedded database created from the pre-migrated snapshot');
        migrations = { applied: [], alreadyApplied: migrationFiles.map((file) => file.name), unknown: [] };
      }
    }
    db = await PGlite.create({ dataDir: directory, startParams: embeddedStartParams, serializers: embeddedSerializers });
    if (schema === 'migrate' && !fromSnapshot) {
      migrations = await applyMigrations(pgliteSession(db), {
        migrationsDir: options.migrationsDir,
        log: options.log,
      });
    }
    // PGlite is one session as its superuser: from here on that session is the runtime role.
    await db.exec(`SET ROLE ${runtimeRole}`);
    await checkRuntimeRole(async (sql) => (await db!.query<{ role: string; safe: boolean }>(sql)).rows);
    if (schema === 'verify') {
      await checkSchemaCurrent(
        async () => (await db!.query<{ name: string }>(appliedMigrationsSql)).rows.map((row) => row.name),
        options.migrationsDir ?? defaultMigrationsDir,
        directory,
      );
    }
  } catch (error) {
    await db?.close().catch(() => undefined);
    release();
    if (error instanceof MigrationError || error instanceof DatabaseError) throw error;
    if (/meshguard_app/.test(describe(error))) throw runtimeRoleUnusable(directory, error);
    throw new DatabaseError(
      'unreachable',
      `Cannot open the embedded database in ${directory}: ${describe(error)}`,
      { cause: error },
    );
  }
  const pglite = db;
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sendBatch = pgliteBatch(pglite);
  let closed: Promise<void> | undefined;
  return {
    kind: 'embedded',
    location: directory,
    client,
    migrations,
    withTenant: (tenantId, work, tenantOptions) => withTenant(client, tenantId, work, tenantOptions),
    withTenantReads: (tenantId, work) => withTenantReads(sendBatch, tenantId, work),
    system: systemFunctions(client),
    async ping(timeoutMs = 2_000) {
      if (pglite.closed)
        throw new DatabaseError('unreachable', `The embedded database in ${directory} is closed`);
      await withTimeout(
        pglite.query('SELECT 1'),
        timeoutMs,
        () => `The embedded database in ${directory} did not answer within ${timeoutMs} ms`,
      );
    },
    close() {
      closed ??= client
        .$disconnect()
        .then(() => pglite.close())
        .finally(release);
      return closed;
    },
  };
}

/**
 * bytea parameters travel as binary: PGlite's default serializer spells every byte out in hex through a JavaScript
 * array (5 s for a 16 MB connectivity model, against 0.5 s as raw bytes), and PostgreSQL then parses the hex again.
 */
const embeddedSerializers: SerializerOptions = {
  // PGlite binds a Uint8Array returned by a serializer as a binary parameter; its typings say string.
  [pgliteTypes.BYTEA]: ((value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Uint8Array');
    return value;
  }) as unknown as (value: unknown) => string,
};

/**
 * A batch as one simple-protocol message on any pooled connection (no parameters: one message, one implicit
 * transaction). Rows stay arrays of text, so nothing is parsed or converted on the way.
 */
function poolBatch(pool: pg.Pool): TenantBatch {
  return async (batch) => {
    const results = (await pool.query({ text: batch, rowMode: 'array' })) as unknown as pg.QueryArrayResult<TextRow>[];
    return results[1]?.rows ?? [];
  };
}

/** The same batch on the embedded database; `exec` waits for any open transaction (PGlite has one session). */
function pgliteBatch(pglite: PGlite): TenantBatch {
  return async (batch) => {
    const results = await pglite.exec(batch, { rowMode: 'array' });
    return (results[1]?.rows ?? []) as unknown as TextRow[];
  };
}

/** Fails closed unless the session runs as the runtime role and that role can neither bypass RLS nor own tables. */
async function checkRuntimeRole(
  query: (sql: string) => Promise<{ role: string; safe: boolean }[]>,
): Promise<void> {
  const [row] = await query(
    `SELECT current_user AS role,
            NOT r.rolsuper AND NOT r.rolbypassrls AND NOT EXISTS (SELECT FROM pg_class c WHERE c.relowner = r.oid) AS safe
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (row?.role !== runtimeRole || !row.safe) {
    throw new DatabaseError(
      'not-migrated',
      `Runtime connections run as ${row?.role ?? 'an unknown role'}, not as an unprivileged ${runtimeRole}, so tenant isolation cannot be guaranteed. ` +
        `Run npm run db:migrate and check that ${runtimeRole} is NOSUPERUSER NOBYPASSRLS and owns no table.`,
    );
  }
}

function runtimeRoleUnusable(location: string, error: unknown): DatabaseError {
  return new DatabaseError(
    'not-migrated',
    `The database at ${location} cannot switch to the runtime role ${runtimeRole}: ${describe(error)}. ` +
      `Run npm run db:migrate as the database owner (it creates the role and grants it to the owner).`,
    { cause: error },
  );
}

function unreachable(location: string, error: unknown, timeoutMs?: number): DatabaseError {
  const reason = describe(error);
  const waited = timeoutMs !== undefined && /timeout/i.test(reason) ? ` within ${timeoutMs} ms` : '';
  return new DatabaseError(
    'unreachable',
    `Cannot reach PostgreSQL at ${location}${waited}: ${reason}. Check that the server is running and DATABASE_URL is right.`,
    { cause: error },
  );
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
