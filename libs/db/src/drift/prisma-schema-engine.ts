import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

type MigrationList = Parameters<engineBindings.SchemaEngine['applyMigrations']>[0]['migrationsList'];
type DiagnoseOutput = Awaited<ReturnType<engineBindings.SchemaEngine['diagnoseMigrationHistory']>>;

const noFilters = { externalTables: [], externalEnums: [] };
let initialised: Promise<void> | undefined;

// The WebAssembly global exists in Node, but this project's type libraries (ES2023, no DOM) do not declare it.
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: object,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

/**
 * Prisma's own schema engine — what `prisma migrate deploy/diff` run — in its WebAssembly build, driven through a
 * driver adapter instead of the native binary this machine cannot download. Used to check that Prisma agrees with
 * our migrations and our `_prisma_migrations` bookkeeping.
 */
export interface PrismaSchemaEngine {
  /** `prisma migrate status`: edited or failed migrations and history divergence, as Prisma sees them. */
  diagnoseHistory(options?: { useShadowDatabase?: boolean }): Promise<DiagnoseOutput>;
  /** `prisma migrate deploy`: the migrations Prisma would still apply (and applies). */
  deploy(): Promise<string[]>;
  /** `prisma migrate diff --from-migrations --to-schema --script`: what the migrations lack; empty when in sync. */
  diffMigrationsToSchema(): Promise<{ inSync: boolean; script: string }>;
  /** `prisma migrate diff --from-empty --to-schema --script`: the SQL Prisma generates for the whole schema. */
  scriptForSchema(): Promise<string>;
  dispose(): void;
}

export async function openPrismaSchemaEngine(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  paths: { schemaPath: string; migrationsDir: string },
): Promise<PrismaSchemaEngine> {
  await (initialised ??= initialise());
  const schema = { path: 'schema.prisma', content: await readFile(paths.schemaPath, 'utf8') };
  const migrationsList = await listMigrations(paths.migrationsDir);
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  const toSchema = { tag: 'schemaDatamodel' as const, files: [schema] };
  return {
    diagnoseHistory: (options = {}) =>
      engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: options.useShadowDatabase ?? false,
        filters: noFilters,
      }),
    deploy: async () =>
      (await engine.applyMigrations({ migrationsList, filters: noFilters })).appliedMigrationNames,
    async diffMigrationsToSchema() {
      const result = await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: toSchema,
        script: true,
        exitCode: true,
        filters: noFilters,
      });
      return { inSync: result.exitCode === 0, script: result.stdout ?? '' };
    },
    async scriptForSchema() {
      return (
        (
          await engine.diff({
            from: { tag: 'empty' },
            to: toSchema,
            script: true,
            exitCode: null,
            filters: noFilters,
          })
        ).stdout ?? ''
      );
    },
    dispose: () => engine.free(),
  };
}

/** The package targets bundlers (it imports its .wasm as a module), so instantiate the WebAssembly by hand. */
async function initialise(): Promise<void> {
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
  const { instance } = await webAssembly.instantiate(bytes, { './schema_engine_bg.js': engineBindings });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
}

async function listMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      entries.map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(join(migrationsDir, entry.name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}
