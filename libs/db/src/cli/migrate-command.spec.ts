import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../paths.js';
import {
  createTestDatabase,
  createTestDataDirectory,
  type TestDatabase,
  type TestDataDirectory,
} from '../testing/test-database.js';
import { runMigrateCommand } from './migrate-command.js';

const shipped = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function recorder() {
  const lines: { info: string[]; error: string[] } = { info: [], error: [] };
  return {
    lines,
    output: {
      info: (line: string) => lines.info.push(line),
      error: (line: string) => lines.error.push(line),
    },
  };
}

describe('npm run db:migrate', () => {
  let database: TestDatabase | undefined;
  let directory: TestDataDirectory | undefined;
  afterAll(async () => {
    await database?.drop();
    await directory?.remove();
  });

  it('migrates the PostgreSQL of DATABASE_URL, then reports it up to date', async () => {
    database = await createTestDatabase();
    const first = recorder();
    expect(await runMigrateCommand({ DATABASE_URL: database.url }, first.output)).toBe(0);
    expect(first.lines.info).toEqual([
      ...shipped.map((name) => `applied migration ${name}`),
      `${database.url}: applied ${shipped.length} migration(s); 0 were already applied`,
    ]);
    const second = recorder();
    expect(await runMigrateCommand({ DATABASE_URL: database.url }, second.output)).toBe(0);
    expect(second.lines.info).toEqual([`${database.url}: up to date (${shipped.length} migration(s) applied)`]);
    expect(second.lines.error).toEqual([]);
  });

  it('without DATABASE_URL migrates the embedded database under DATA_DIR', async () => {
    directory = await createTestDataDirectory();
    const run = recorder();
    expect(await runMigrateCommand({ DATA_DIR: directory.dataDir }, run.output)).toBe(0);
    expect(run.lines.info.at(-1)).toBe(
      `${directory.dataDir}/pglite: applied ${shipped.length} migration(s); 0 were already applied`,
    );
  });

  it('exits 1 naming the bad variable or the unreachable server', async () => {
    const badConfig = recorder();
    expect(await runMigrateCommand({ DATABASE_URL: 'mysql://root@127.0.0.1/x' }, badConfig.output)).toBe(1);
    expect(badConfig.lines.error.join('\n')).toContain(
      'DATABASE_URL: "mysql://root@127.0.0.1/x" must start with postgresql://',
    );
    const unreachable = recorder();
    expect(
      await runMigrateCommand(
        { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/meshguard' },
        unreachable.output,
      ),
    ).toBe(1);
    expect(unreachable.lines.error.join('\n')).toMatch(
      /^db:migrate failed: Cannot reach PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:1\/meshguard/,
    );
  });
});
