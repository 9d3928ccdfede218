import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openPrismaSchemaEngine } from '../drift/prisma-schema-engine.js';
import type { CommandOutput } from './migrate-command.js';

export interface MigrationDraftOptions {
  schemaPath: string;
  migrationsDir: string;
  /** Write the draft as `<migrationsDir>/<UTC timestamp>_<name>/migration.sql`; print it only when absent. */
  name?: string;
  now?: Date;
}

/**
 * `prisma migrate dev --create-only` without the native schema engine: asks Prisma's schema engine (WebAssembly build,
 * replaying the migrations on an in-memory shadow database) for the SQL that brings the migrations up to schema.prisma.
 * Returns the exit code: 0 when in sync or the draft was produced, 1 on error.
 */
export async function runMigrationDraftCommand(
  options: MigrationDraftOptions,
  output: CommandOutput,
): Promise<number> {
  const db = await PGlite.create();
  try {
    const engine = await openPrismaSchemaEngine(new PrismaPGlite(db), options);
    try {
      const { inSync, script } = await engine.diffMigrationsToSchema();
      if (inSync) {
        output.info('prisma/migrations already matches schema.prisma; no migration needed');
        return 0;
      }
      if (!options.name) {
        output.info(script);
        return 0;
      }
      const directory = join(
        options.migrationsDir,
        `${timestamp(options.now ?? new Date())}_${options.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '_')
          .replace(/^_|_$/g, '')}`,
      );
      await mkdir(directory);
      await writeFile(join(directory, 'migration.sql'), script);
      output.info(`wrote ${join(directory, 'migration.sql')}; review it, then run npm run db:migrate`);
      return 0;
    } finally {
      engine.dispose();
    }
  } catch (error) {
    output.error(`migration draft failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db.close();
  }
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
