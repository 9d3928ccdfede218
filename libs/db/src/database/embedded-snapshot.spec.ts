import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationFiles, type MigrationFile } from '../migrations/migration-files.js';
import { defaultMigrationsDir } from '../paths.js';
import { buildEmbeddedSnapshot, embeddedSnapshotFiles, embeddedStartParams, unpackEmbeddedSnapshot } from './embedded-snapshot.js';

// A fresh `npm start` unpacks a pre-migrated data directory instead of running initdb and every migration; it must
// be the same database the migrations would have made, and be used only for exactly those migrations.
describe('the embedded database snapshot', () => {
  let snapshotDir: string;
  let dataDir: string;
  let migrations: MigrationFile[];

  beforeAll(async () => {
    snapshotDir = await mkdtemp(join(tmpdir(), 'meshguard-snapshot-'));
    dataDir = await mkdtemp(join(tmpdir(), 'meshguard-snapshot-data-'));
    migrations = await readMigrationFiles(defaultMigrationsDir);
    const { archive, key } = await buildEmbeddedSnapshot(defaultMigrationsDir, migrations);
    await writeFile(join(snapshotDir, embeddedSnapshotFiles.archive), archive);
    await writeFile(join(snapshotDir, embeddedSnapshotFiles.key), `${key}\n`);
  }, 120_000);
  afterAll(async () => {
    await rm(snapshotDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is not used when any migration differs from the ones it was built from', async () => {
    const changed = migrations.map((migration, i) => (i === migrations.length - 1 ? { ...migration, checksum: 'f'.repeat(64) } : migration));
    expect(await unpackEmbeddedSnapshot(changed, dataDir, snapshotDir)).toBe(false);
    expect(await unpackEmbeddedSnapshot(migrations.slice(0, -1), dataDir, snapshotDir)).toBe(false);
  });

  it('unpacks into a database with every migration applied and the runtime role in place', async () => {
    expect(await unpackEmbeddedSnapshot(migrations, dataDir, snapshotDir)).toBe(true);
    const db = await PGlite.create({ dataDir, startParams: embeddedStartParams });
    try {
      const applied = await db.query<{ name: string }>('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1');
      expect(applied.rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
      const role = await db.query<{ bypass: boolean }>(`SELECT rolbypassrls AS bypass FROM pg_roles WHERE rolname = 'meshguard_app'`);
      expect(role.rows).toEqual([{ bypass: false }]);
      expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers).toBe('32MB');
    } finally {
      await db.close();
    }
  });
});
