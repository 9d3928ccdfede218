import { readMigrationFiles } from '../migrations/migration-files.js';
import { DatabaseError } from './database-error.js';

/**
 * For an app that starts without migrating: refuses a database that lacks any migration shipped with this code.
 * Reads the applied names through meshguard_applied_migrations(), which the runtime role may call; a database too old
 * to have that function is behind as well. A database ahead of the code (a newer release migrated it) is accepted.
 */
export async function checkSchemaCurrent(
  appliedMigrations: () => Promise<string[]>,
  migrationsDir: string,
  location: string,
): Promise<void> {
  const shipped = (await readMigrationFiles(migrationsDir)).map((file) => file.name);
  const applied = new Set(await appliedMigrations().catch(noneBeforeTheFunctionExisted));
  const pending = shipped.filter((name) => !applied.has(name));
  if (pending.length === 0) return;
  throw new DatabaseError(
    'not-migrated',
    `The database at ${location} lacks ${pending.length} migration(s) this version needs (${pending.join(', ')}), ` +
      `and DATABASE_MIGRATE_ON_START=false forbids applying them here. ` +
      `Run npm run db:migrate with the owner's DATABASE_URL, then start again.`,
  );
}

/** PostgreSQL's undefined_function: the database predates meshguard_applied_migrations(), so it is behind. */
function noneBeforeTheFunctionExisted(error: unknown): string[] {
  if ((error as { code?: unknown }).code === '42883') return [];
  throw error;
}
