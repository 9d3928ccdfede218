#!/usr/bin/env node
// Builds libs/db/dist/embedded-snapshot/: the embedded database's data directory with every migration applied, so a
// fresh `npm start` unpacks it instead of running PGlite's initdb and the migrations (seconds, and hundreds of MB of
// memory kept). Skipped when the snapshot's key (PGlite version + migrations) is unchanged. Runs after the swc build.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEmbeddedSnapshot, embeddedSnapshotDir, embeddedSnapshotFiles, embeddedSnapshotKey } from '../dist/database/embedded-snapshot.js';
import { readMigrationFiles } from '../dist/migrations/migration-files.js';
import { defaultMigrationsDir } from '../dist/paths.js';

const migrations = await readMigrationFiles(defaultMigrationsDir);
const keyPath = join(embeddedSnapshotDir, embeddedSnapshotFiles.key);
const archivePath = join(embeddedSnapshotDir, embeddedSnapshotFiles.archive);
if (existsSync(keyPath) && existsSync(archivePath) && readFileSync(keyPath, 'utf8').trim() === embeddedSnapshotKey(migrations)) process.exit(0);
const started = performance.now();
const { archive, key } = await buildEmbeddedSnapshot(defaultMigrationsDir, migrations);
mkdirSync(embeddedSnapshotDir, { recursive: true });
writeFileSync(archivePath, archive);
writeFileSync(keyPath, `${key}\n`);
console.log(`embedded database snapshot: ${migrations.length} migrations, ${(archive.length / 1048576).toFixed(1)} MB, built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
