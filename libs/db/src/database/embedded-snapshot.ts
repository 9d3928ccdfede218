import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../migrations/migration-runner.js';
import type { MigrationFile } from '../migrations/migration-files.js';
import { pgliteSession } from '../migrations/sql-session.js';
import { extractTarGz } from './tar-extract.js';

/**
 * A fresh embedded database is a pre-built data directory, migrated at build time (`libs/db/dist/embedded-snapshot/`),
 * instead of PGlite's initdb plus every migration at first start: initdb alone takes seconds and leaves a second
 * WebAssembly instance's memory behind. The snapshot is used only when its key (PGlite's version and every
 * migration's name and checksum) matches what this start would apply; otherwise the start initialises as before.
 */
export const embeddedSnapshotDir = fileURLToPath(new URL('../embedded-snapshot', import.meta.url));
const archiveName = 'pgdata.tar.gz';
const keyName = 'key.txt';

/** PostgreSQL settings of every embedded start: small shared buffers (the OS page cache sits behind the files). */
export const embeddedStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** Identifies the schema a snapshot holds: PGlite's version and every migration's name and checksum, in order. */
export function embeddedSnapshotKey(migrations: readonly MigrationFile[]): string {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  for (const migration of migrations) hash.update(`${migration.name} ${migration.checksum}\n`);
  return hash.digest('hex');
}

/** PGlite's version, from its package.json (which its exports do not expose: found next to its entry point). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = join(dirname(entry), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Writes the snapshot for `migrations` into the empty data directory `directory` and returns true, or returns false
 * when no snapshot matches (the caller then lets PGlite initialise). Streamed to disk (extractTarGz) rather than
 * handed to PGlite's `loadDataDir`, which would hold the whole archive in memory and inflate the process for good.
 */
export async function unpackEmbeddedSnapshot(migrations: readonly MigrationFile[], directory: string, snapshotDir = embeddedSnapshotDir): Promise<boolean> {
  const keyPath = join(snapshotDir, keyName);
  if (!existsSync(keyPath) || readFileSync(keyPath, 'utf8').trim() !== embeddedSnapshotKey(migrations)) return false;
  await extractTarGz(join(snapshotDir, archiveName), directory);
  return true;
}

/** Builds the snapshot (an in-memory PGlite, migrated, dumped gzipped) and returns its archive and key. */
export async function buildEmbeddedSnapshot(migrationsDir: string, migrations: readonly MigrationFile[]): Promise<{ archive: Buffer; key: string }> {
  const db = await PGlite.create({ dataDir: 'memory://', startParams: embeddedStartParams });
  try {
    await applyMigrations(pgliteSession(db), { migrationsDir });
    await db.exec('CHECKPOINT');
    const archive = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    return { archive, key: embeddedSnapshotKey(migrations) };
  } finally {
    await db.close();
  }
}

export const embeddedSnapshotFiles = { archive: archiveName, key: keyName } as const;
