import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createCredentialVault } from '../credentials/credential-vault.js';
import { createMasterKeyring } from '../credentials/master-keyring.js';
import { openDatabase } from '../database/database.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { runKeysRotateCommand } from './keys-rotate-command.js';

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

describe('npm run keys:rotate', () => {
  let database: TestDatabase | undefined;
  afterAll(() => database?.drop());

  it('re-wraps every data key under MASTER_KEY_ID, reports the counts, and finds nothing to do the second time', async () => {
    database = await createTestDatabase({ migrate: true });
    const old = randomBytes(32);
    const next = randomBytes(32);
    const opened = await openDatabase(database.config);
    try {
      const vault = createCredentialVault(createMasterKeyring([{ id: 'old', key: old }], 'old'));
      for (const name of ['a', 'b']) {
        const { tenantId } = await opened.system.createTenant({
          name,
          slug: `${name}-${randomBytes(3).toString('hex')}`,
          ownerKey: { name: 'k', prefix: `mg_${randomBytes(6).toString('hex')}`, secretHash: 'h' },
        });
        await opened.withTenant(tenantId, (tx) => vault.seal(tx, 'webhook-secret', Buffer.from('s')));
      }
    } finally {
      await opened.close();
    }
    const env = {
      DATABASE_URL: database.url,
      MASTER_KEYS: `old:${old.toString('base64')},new:${next.toString('base64')}`,
      MASTER_KEY_ID: 'new',
    };
    const first = recorder();
    expect(await runKeysRotateCommand(env, first.output)).toBe(0);
    expect(first.lines.error).toEqual([]);
    expect(first.lines.info.at(-1)).toContain(
      '2 data key(s) of 2 tenant(s) now wrapped by master key "new" (2 re-wrapped now, 0 already). No data key needs "old" any more; it may be removed',
    );
    const second = recorder();
    expect(await runKeysRotateCommand(env, second.output)).toBe(0);
    expect(second.lines.info.at(-1)).toContain('(0 re-wrapped now, 2 already)');
  });

  it('exits 1 naming MASTER_KEYS and how to make a key when PostgreSQL has none', async () => {
    const run = recorder();
    expect(
      await runKeysRotateCommand({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x' }, run.output),
    ).toBe(1);
    expect(run.lines.error.join('\n')).toMatch(
      /^keys:rotate failed: MASTER_KEYS is not set.*openssl rand -base64 32/,
    );
  });
});
