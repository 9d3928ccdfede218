import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, defaultSchemaPath } from '../paths.js';

// That the shipped migrations match schema.prisma is checked in drift/prisma-engine-agreement.spec.ts.
import { runMigrationDraftCommand } from './migration-draft-command.js';

describe('migration draft (prisma migrate dev --create-only, offline)', () => {
  const scratch: string[] = [];
  afterEach(() => Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

  it("writes Prisma's SQL for a schema change as a new timestamped migration", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshguard-draft-'));
    scratch.push(dir);
    await cp(defaultMigrationsDir, join(dir, 'migrations'), { recursive: true });
    const schema = (await readFile(defaultSchemaPath, 'utf8')).replace(
      '  retentionDays Int      @default(90) @map("retention_days")',
      '  retentionDays Int      @default(90) @map("retention_days")\n  plan          String   @default("free")',
    );
    await writeFile(join(dir, 'schema.prisma'), schema);
    const lines: string[] = [];
    const code = await runMigrationDraftCommand(
      {
        schemaPath: join(dir, 'schema.prisma'),
        migrationsDir: join(dir, 'migrations'),
        name: 'Tenant plan',
        now: new Date('2030-01-02T03:04:05Z'),
      },
      { info: (line) => lines.push(line), error: (line) => lines.push(line) },
    );
    expect(code, lines.join('\n')).toBe(0);
    expect((await readdir(join(dir, 'migrations'))).sort()).toContain('20300102030405_tenant_plan');
    expect(
      await readFile(join(dir, 'migrations', '20300102030405_tenant_plan', 'migration.sql'), 'utf8'),
    ).toBe('-- AlterTable\nALTER TABLE "tenants" ADD COLUMN     "plan" TEXT NOT NULL DEFAULT \'free\';\n');
  });
});
