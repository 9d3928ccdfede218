import { ConfigError, loadConfig } from '@meshguard/config';
import { openDatabase } from '../database/database.js';

export interface CommandOutput {
  info(line: string): void;
  error(line: string): void;
}

/**
 * `npm run db:migrate`: applies pending migrations to the database `env` configures (DATABASE_URL, or the embedded
 * database under DATA_DIR) and reports what it did. Returns the process exit code: 0 on success, 1 with the reason.
 */
export async function runMigrateCommand(
  env: Readonly<Record<string, string | undefined>>,
  output: CommandOutput,
): Promise<number> {
  try {
    const config = loadConfig(env);
    const database = await openDatabase(config.database, { log: (message) => output.info(message) });
    try {
      const { applied, alreadyApplied, unknown } = database.migrations;
      if (unknown.length > 0) {
        output.error(
          `warning: the database records migrations this code does not have (${unknown.join(', ')}); a newer meshguard migrated it`,
        );
      }
      output.info(
        applied.length > 0
          ? `${database.location}: applied ${applied.length} migration(s); ${alreadyApplied.length} were already applied`
          : `${database.location}: up to date (${alreadyApplied.length} migration(s) applied)`,
      );
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    output.error(
      error instanceof ConfigError
        ? error.message
        : `db:migrate failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
