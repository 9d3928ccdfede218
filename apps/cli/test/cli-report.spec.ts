import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { runCli } from '../src/cli-program.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('meshguard report', () => {
  let dir: string;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-report-'));
    cpSync(join(here, 'fixtures'), dir, { recursive: true });
    simulator = await startSimulator({
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { privileged: true } }],
              },
            },
          },
        },
      ],
      serverVersion: { gitVersion: 'v1.30.1' },
    });
    writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
  });
  afterAll(async () => {
    await simulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      isTty: false,
      cwd: dir,
    });
    return { code, stdout, stderr };
  }

  it('renders a PDF of manifests offline whose text pdftotext extracts', async () => {
    const { code, stderr } = await run(
      'report',
      '--framework',
      'cis-k8s-v1.10',
      '--format',
      'pdf',
      '--output',
      'cis.pdf',
      'shop',
    );
    expect(code, stderr).toBe(0);
    const text = execFileSync('pdftotext', [join(dir, 'cis.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('CIS Kubernetes Benchmark 1.10.0');
    expect(text).toContain('Scope: manifests — shop');
    expect(text).toMatch(/Overall score: [0-9.]+/);
  });

  it('gives the same score as "scan" over the framework rules (one model, one scoring)', async () => {
    const report = await run(
      'report',
      '--framework',
      'cis-k8s-v1.10',
      '--exceptions',
      'exceptions.yaml',
      'shop',
    );
    const scan = await run(
      'scan',
      '--framework',
      'cis-k8s-v1.10',
      '--exceptions',
      'exceptions.yaml',
      '--format',
      'json',
      'shop',
    );
    expect(report.code, report.stderr).toBe(0);
    const model = JSON.parse(report.stdout);
    const scanned = JSON.parse(scan.stdout);
    expect(model.framework.id).toBe('cis-k8s-v1.10');
    expect(model.summary.score.score).toBe(scanned.summary.score);
    expect(model.summary.score.counted).toEqual(scanned.summary.counted);
    expect(model.summary.findings).toEqual(scanned.summary.findings);
  });

  it('reports a cluster read through --kubeconfig in SARIF', async () => {
    const { code, stdout, stderr } = await run(
      'report',
      '--kubeconfig',
      'kubeconfig.yaml',
      '--allow-address',
      '127.0.0.1',
      '--framework',
      'cis-k8s-v1.10',
      '--format',
      'sarif',
    );
    expect(code, stderr).toBe(0);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].properties.scope.kind).toBe('cluster');
    expect(log.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toContain(
      'container-privileged',
    );
  });

  it('signs with --sign-key; verify passes untouched and fails (exit 1) on one changed byte', async () => {
    const keygen = await run(
      'report',
      'keygen',
      '--private-key',
      'signing.pem',
      '--public-key',
      'signing.pub.pem',
    );
    expect(keygen.code, keygen.stderr).toBe(0);
    expect(keygen.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const signed = await run(
      'report',
      '--framework',
      'cis-k8s-v1.10',
      '--format',
      'html',
      '--output',
      'cis.html',
      '--sign-key',
      'signing.pem',
      'shop',
    );
    expect(signed.code, signed.stderr).toBe(0);
    expect(existsSync(join(dir, 'cis.html.sig'))).toBe(true);

    const ok = await run(
      'report',
      'verify',
      'cis.html',
      '--signature',
      'cis.html.sig',
      '--public-key',
      'signing.pub.pem',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(keygen.stdout.trim());

    const bytes = readFileSync(join(dir, 'cis.html'));
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0x20;
    writeFileSync(join(dir, 'tampered.html'), bytes);
    const bad = await run(
      'report',
      'verify',
      'tampered.html',
      '--signature',
      'cis.html.sig',
      '--public-key',
      'signing.pub.pem',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/does NOT verify/);
  });

  it('exits 2 on bad input: unknown framework or format, unreadable key, missing signature, pdf to stdout', async () => {
    expect((await run('report', '--framework', 'cis-v0', 'shop')).code).toBe(2);
    expect((await run('report', '--framework', 'cis-k8s-v1.10', '--format', 'docx', 'shop')).code).toBe(2);
    expect((await run('report', '--framework', 'cis-k8s-v1.10', '--format', 'pdf', 'shop')).code).toBe(2);
    writeFileSync(join(dir, 'not-a-key.pem'), 'hello');
    const badKey = await run(
      'report',
      '--framework',
      'cis-k8s-v1.10',
      '--output',
      'x.json',
      '--sign-key',
      'not-a-key.pem',
      'shop',
    );
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/--sign-key/);
    const missing = await run(
      'report',
      'verify',
      'cis.pdf',
      '--signature',
      'nope.sig',
      '--public-key',
      'not-a-key.pem',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read signature/);
  });
});
