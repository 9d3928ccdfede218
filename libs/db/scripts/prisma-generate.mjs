#!/usr/bin/env node
// Generates the Prisma client into libs/db/src/generated/prisma, skipping the work when neither the schema nor the
// Prisma version changed since the last run (a hash stamp next to the output), so it is cheap before every build/test.
// `prisma generate` needs no schema engine, but the CLI still tries to download one unless
// PRISMA_SCHEMA_ENGINE_BINARY names an executable; a stub that always fails stops that download attempt.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaPath = join(root, 'prisma/schema.prisma');
const outputDir = join(root, 'libs/db/src/generated/prisma');
const stampPath = join(root, 'libs/db/src/generated/.schema-hash');
const force = process.argv.includes('--force');

const require = createRequire(import.meta.url);
const prismaPackage = require.resolve('prisma/package.json', { paths: [root] });
const clientPackage = require.resolve('@prisma/client/package.json', { paths: [root] });

if (!existsSync(schemaPath)) fail(`no Prisma schema at ${schemaPath}`);

const hash = createHash('sha256');
for (const file of [
  schemaPath,
  join(root, 'prisma.config.ts'),
  prismaPackage,
  clientPackage,
  fileURLToPath(import.meta.url),
]) {
  hash.update(existsSync(file) ? readFileSync(file) : '(missing)').update('\0');
}
const digest = hash.digest('hex');

const isUpToDate = () =>
  existsSync(join(outputDir, 'client.ts')) &&
  existsSync(stampPath) &&
  readFileSync(stampPath, 'utf8').trim() === digest;
if (isUpToDate() && !force) {
  console.log('prisma-generate: client is up to date with prisma/schema.prisma');
  process.exit(0);
}

// Builds and type-checks may run in parallel; only one of them generates, the others wait and find it done.
const releaseLock = acquireLock(join(root, 'libs/db/src/generated/.generate.lock'));
try {
  if (isUpToDate() && !force) {
    console.log('prisma-generate: client was generated meanwhile by another process');
  } else {
    generate();
  }
} catch (error) {
  console.error(`prisma-generate: ${error.message}`);
  process.exitCode = 1;
} finally {
  releaseLock();
}

function generate() {
  const stubDir = mkdtempSync(join(tmpdir(), 'meshguard-prisma-'));
  const stub = join(stubDir, 'schema-engine');
  writeFileSync(
    stub,
    '#!/bin/sh\necho "meshguard: the Prisma schema engine is not installed; migrations run through npm run db:migrate" >&2\nexit 1\n',
  );
  chmodSync(stub, 0o755);
  try {
    // Start from an empty output so files of removed models cannot linger.
    rmSync(outputDir, { recursive: true, force: true });
    rmSync(stampPath, { force: true });
    const cli = join(dirname(prismaPackage), 'build/index.js');
    const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schemaPath], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: stub,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
    if (result.status !== 0)
      throw new Error(
        `prisma generate exited with ${result.status ?? result.signal}; fix the error above and run it again`,
      );
    writeFileSync(stampPath, `${digest}\n`);
  } finally {
    rmSync(stubDir, { recursive: true, force: true });
  }
}

function acquireLock(lockDir) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A holder that died leaves the directory behind; generation never takes a minute.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs > 60_000)
        rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline)
        fail(`timed out waiting for ${lockDir}; delete it if no prisma-generate is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

function fail(message) {
  console.error(`prisma-generate: ${message}`);
  process.exit(1);
}
