import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from './migration-error.js';

/** One migration directory of Prisma's layout: `<migrationsDir>/<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/**
 * Reads every migration in `migrationsDir`, ordered by directory name as Prisma orders them.
 * Throws MigrationError when the folder is missing or empty, a directory lacks migration.sql, or
 * migration_lock.toml names another provider.
 */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  if (!existsSync(migrationsDir) || !(await stat(migrationsDir)).isDirectory()) {
    throw new MigrationError(
      'migrations-missing',
      `No migrations folder at ${migrationsDir}. It ships with the repository (prisma/migrations); restore it from git.`,
    );
  }
  await checkLockFile(migrationsDir);
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) {
    throw new MigrationError(
      'migrations-empty',
      `The migrations folder ${migrationsDir} holds no migrations. Restore prisma/migrations from git.`,
    );
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) {
        throw new MigrationError(
          'migration-file-missing',
          `Migration ${name} has no migration.sql (expected ${path}). Add the file or remove the directory.`,
        );
      }
      const bytes = await readFile(path);
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    }),
  );
}

/**
 * True when `checksum` (from `_prisma_migrations`) belongs to this file, also when git converted its line endings on
 * checkout (LF <-> CRLF), which Prisma tolerates as well.
 */
export function matchesChecksum(file: MigrationFile, checksum: string): boolean {
  if (file.checksum === checksum) return true;
  const lf = file.sql.replace(/\r\n/g, '\n');
  return [lf, lf.replace(/\n/g, '\r\n')].some(
    (variant) => createHash('sha256').update(variant, 'utf8').digest('hex') === checksum,
  );
}

async function checkLockFile(migrationsDir: string): Promise<void> {
  const path = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(path)) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(await readFile(path, 'utf8'))?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new MigrationError(
      'provider-mismatch',
      `${path} says provider = "${provider}", but meshguard runs on PostgreSQL. These migrations were made for another database.`,
    );
  }
}
