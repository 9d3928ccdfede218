import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/prisma-generate.mjs', import.meta.url));
const generatedClient = fileURLToPath(new URL('../src/generated/prisma/client.ts', import.meta.url));
const stamp = fileURLToPath(new URL('../src/generated/.schema-hash', import.meta.url));

describe('npm run prisma:generate', () => {
  it('is a cheap no-op while schema.prisma is unchanged since the last generation', () => {
    const first = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const generatedAt = statSync(generatedClient).mtimeMs;

    const second = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('client is up to date with prisma/schema.prisma');
    expect(statSync(generatedClient).mtimeMs).toBe(generatedAt);
    expect(readFileSync(stamp, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(generatedClient, 'utf8')).toContain('export const PrismaClient');
  });
});
