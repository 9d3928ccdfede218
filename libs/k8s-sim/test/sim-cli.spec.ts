import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { call } from './https-client.js';

// The CLI runs from the build output (Nx builds before testing).
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'sim.cli.js');

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function startCli(
  args: string[],
): Promise<{ child: ChildProcess; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!err.includes('Press Ctrl-C') && child.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  return { child, stdout: () => out, stderr: () => err };
}

describe.skipIf(!existsSync(cli))('sim CLI (dist build)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-sim-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a working kubeconfig for the chosen token scope and stops cleanly on SIGTERM', async () => {
    const out = join(dir, 'kubeconfig.yaml');
    const { child, stderr } = await startCli([
      '--preset',
      'demo',
      '--port',
      '0',
      '--kubeconfig-out',
      out,
      '--token-scope',
      'write-capable',
    ]);
    try {
      expect(stderr()).toMatch(
        /k8s-sim listening on https:\/\/127\.0\.0\.1:\d+ \(preset demo: 60 pods, 10 namespaces/,
      );
      const config = parse(readFileSync(out, 'utf8')) as {
        clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
        users: { user: { token: string } }[];
      };
      const base = {
        url: config.clusters[0]!.cluster.server,
        caPem: Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString(),
      };
      expect(config.users[0]?.user.token).toBe('write-capable');
      const res = await call(base, '/api/v1/namespaces', { token: config.users[0]!.user.token });
      expect((res.json as { items: unknown[] }).items).toHaveLength(10);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await waitForExit(child)).toBe(0);
    expect(stderr()).toContain('SIGTERM, stopping');
  });

  it('prints the kubeconfig on stdout when no file is given, and serves a manifests folder', async () => {
    const { child, stdout } = await startCli([
      '--manifests',
      join(import.meta.dirname, 'fixtures', 'manifests'),
      '--port',
      '0',
    ]);
    try {
      const config = parse(stdout()) as { kind: string; users: { user: { token: string } }[] };
      expect(config.kind).toBe('Config');
      expect(config.users[0]?.user.token).toBe('read-only');
    } finally {
      child.kill('SIGINT');
    }
    expect(await waitForExit(child)).toBe(0);
  });

  it('refuses bad arguments with a clear message and a non-zero exit', async () => {
    const { child, stderr } = await startCli(['--preset', 'XL']);
    expect(await waitForExit(child)).not.toBe(0);
    expect(stderr()).toMatch(/--preset <name>' argument 'XL' is invalid. Allowed choices are demo, S, M, L/);
    const unknownScope = await startCli(['--preset', 'demo', '--port', '0', '--token-scope', 'root']);
    expect(await waitForExit(unknownScope.child)).toBe(1);
    expect(unknownScope.stderr()).toContain('unknown token "root"');
  });
});
