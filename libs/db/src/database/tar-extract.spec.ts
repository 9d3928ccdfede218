import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTarGz } from './tar-extract.js';

// The embedded database's snapshot is unpacked by extractTarGz: every byte must read back as archived, including
// the trailing zeros it does not write (the file is extended instead).
describe('extractTarGz', () => {
  let work: string;
  const files: Record<string, Buffer> = {
    'base/1/1255': Buffer.concat([Buffer.from('relation page'), Buffer.alloc(3 * 8192)]),
    'base/1/empty': Buffer.alloc(0),
    'pg_wal/000000010000000000000001': Buffer.concat([Buffer.alloc(100), Buffer.from('record'), Buffer.alloc(70_000)]),
    'PG_VERSION': Buffer.from('17\n'),
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'meshguard-tar-'));
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(work, 'source', name, '..'), { recursive: true });
      await writeFile(join(work, 'source', name), content);
    }
    execFileSync('tar', ['--format=ustar', '-czf', join(work, 'archive.tar.gz'), '-C', join(work, 'source'), '.']);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('restores every file byte for byte, with its full length', async () => {
    await extractTarGz(join(work, 'archive.tar.gz'), join(work, 'out'));
    for (const [name, content] of Object.entries(files)) {
      expect((await stat(join(work, 'out', name))).size, name).toBe(content.length);
      expect((await readFile(join(work, 'out', name))).equals(content), name).toBe(true);
    }
  });

  it('refuses an archive entry that climbs out of the target directory', async () => {
    await mkdir(join(work, 'evil'), { recursive: true });
    await writeFile(join(work, 'evil', 'x'), 'x');
    execFileSync('tar', ['--format=ustar', '-czf', join(work, 'evil.tar.gz'), '-C', join(work, 'evil'), '--transform', 's,^x,../x,', 'x']);
    await expect(extractTarGz(join(work, 'evil.tar.gz'), join(work, 'evil-out'))).rejects.toThrow(/unsafe path/);
  });
});
