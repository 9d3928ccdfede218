import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packScript = resolve(here, '../scripts/pack.mjs');

// Bundling the CLI and an npm install take a while on a busy 2-core machine.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

// Manifests in a folder with a non-Latin name: the report's scope is named after it.
const unicodeName = 'clúster-東京';

describe('the installable meshguard package (npm pack)', () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [packScript], { maxBuffer: 16 * 2 ** 20 });
    const tarball = stdout.trim().split('\n').pop()!;
    // An empty folder far from the workspace, a fresh npm cache, and --offline: nothing can come from elsewhere.
    folder = mkdtempSync(join(tmpdir(), 'meshguard-installed-'));
    env = { PATH: process.env.PATH, HOME: folder, npm_config_cache: join(folder, '.npm-cache') };
    writeFileSync(join(folder, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: folder, env });
    cpSync(join(here, 'fixtures/shop'), join(folder, 'deploy'), { recursive: true });
    cpSync(join(here, 'fixtures/shop'), join(folder, unicodeName), { recursive: true });
  });

  const meshguard = (...args: string[]) =>
    run('npx', ['--offline', 'meshguard', ...args], { cwd: folder, env });

  it('installs from the tarball alone and answers --version', async () => {
    const { stdout } = await meshguard('--version');
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('lists the rule catalog', async () => {
    const { stdout } = await meshguard('rules', '--format', 'json');
    const rules = JSON.parse(stdout).rules as { id: string }[];
    expect(rules.length).toBeGreaterThanOrEqual(90);
    expect(rules.map((rule) => rule.id)).toContain('container-privileged');
  });

  it('scans manifests and exits 1 on findings at --fail-on', async () => {
    // The fixture's deliberately broken document is listed in the report; --skip-invalid keeps the exit code on findings.
    const clean = await meshguard('scan', 'deploy', '--format', 'json', '--skip-invalid');
    const report = JSON.parse(clean.stdout);
    expect(
      report.findings.some((finding: { ruleId: string }) => finding.ruleId === 'container-privileged'),
    ).toBe(true);
    await expect(
      meshguard('scan', 'deploy', '--fail-on', 'critical', '--skip-invalid'),
    ).rejects.toMatchObject({ code: 1 });
  });

  it('renders a PDF compliance report with the bundled PDF library and its fonts, the Unicode one included', async () => {
    await meshguard(
      'report',
      '--framework',
      'cis-k8s-v1.10',
      '--format',
      'pdf',
      '--output',
      'cis.pdf',
      unicodeName,
    );
    const { stdout } = await run('pdftotext', [join(folder, 'cis.pdf'), '-']);
    expect(stdout).toMatch(/CIS/);
    expect(stdout).toContain(unicodeName);
  });
});
