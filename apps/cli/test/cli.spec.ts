import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-program.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const fixtures = join(here, 'fixtures');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    cwd: fixtures,
  });
  return { code, stdout, stderr };
}

function validator(schemaPath: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats =
    (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (instance: Ajv) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

describe('meshguard scan', () => {
  it('prints a table grouped by area, reports bad documents on stderr and keeps the rest', async () => {
    const { code, stdout, stderr } = await run('scan', 'shop');
    expect(code).toBe(0);
    expect(stdout).toContain('POD-SECURITY');
    expect(stdout).toMatch(/FAIL\s+critical container-privileged/);
    expect(stdout).toContain('spec.template.spec.containers[0].securityContext.privileged is true');
    expect(stdout).toMatch(/Score: [\d.]+ over \d+ decided rules/);
    expect(stdout).toMatch(/Not counted: \d+ not applicable, \d+ manual, \d+ error/);
    expect(stderr).toMatch(/config\.yaml.*document 2/);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).not.toContain('S3cr3t-Pa55w0rd');
    expect(stdout).not.toContain('ghp_8sYq2Lk4');
  });

  it('writes JSON that validates against the documented schema and never contains secret values', async () => {
    const { code, stdout } = await run('scan', 'shop', '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const validate = validator(join(repoRoot, 'docs/cli-json.schema.json'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.tool.name).toBe('meshguard');
    expect(report.rules.find((rule: { id: string }) => rule.id === 'container-privileged')).toMatchObject({
      severity: 'critical',
      equivalents: { polaris: ['runAsPrivileged'] },
    });
    expect(
      report.findings.some(
        (finding: { ruleId: string; exposure?: string }) =>
          finding.ruleId === 'container-privileged' && finding.exposure === 'internet',
      ),
    ).toBe(true);
    expect(stdout).not.toContain('S3cr3t-Pa55w0rd');
    expect(stdout).not.toContain('ghp_8sYq2Lk4');
    expect(report.coverage.problems[0]).toMatchObject({ document: 2, severity: 'error' });
  });

  it('writes SARIF 2.1.0 with one result per finding of the selected rules', async () => {
    const { stdout } = await run('scan', 'shop', '--format', 'sarif', '--rules', 'container-*');
    const sarif = JSON.parse(stdout);
    // Validation against the official schema and GitHub's rules: cli-ci.spec.ts.
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(
      sarif.runs[0].results.every((result: { ruleId: string }) => result.ruleId.startsWith('container-')),
    ).toBe(true);
    expect(sarif.runs[0].results[0].partialFingerprints['meshguard/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('writes JUnit and CSV', async () => {
    const junit = await run('scan', 'shop', '--format', 'junit', '--framework', 'pss-baseline');
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain('<testsuite name="meshguard.pod-security"');
    expect(junit.stdout).toMatch(/<failure type="critical"/);
    const csv = await run('scan', 'shop', '--format', 'csv', '--rules', 'container-privileged');
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'ruleId,severity,status,area,apiVersion,kind,namespace,name,container,message,fingerprint,exposure,exception',
    );
    expect(lines[1]).toMatch(
      /^container-privileged,critical,open,pod-security,apps\/v1,Deployment,shop,web,web,/,
    );
  });

  it('applies exceptions, reports unused ones, and fails on the threshold', async () => {
    const { code, stdout, stderr } = await run(
      'scan',
      'shop',
      '--format',
      'json',
      '--exceptions',
      'exceptions.yaml',
      '--fail-on',
      'high',
    );
    const report = JSON.parse(stdout);
    expect(
      report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'container-image-latest-tag'),
    ).toMatchObject({ status: 'excepted', exception: { id: 'web-latest' } });
    expect(report.exceptions.unused.map((entry: { id: string }) => entry.id)).toEqual(['forgotten']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/open finding\(s\) at or above high/);
    expect((await run('scan', 'shop', '--rules', 'ingress-*', '--fail-on', 'high')).code).toBe(0);
  });

  it('writes to --output and rejects bad input with exit 2', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'meshguard-cli-')), 'report.json');
    const written = await run('scan', 'shop', '--format', 'json', '--output', out);
    expect(written.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).findings.length).toBeGreaterThan(0);
    expect(await run('scan', 'shop', '--rules', 'no-such-rule')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown rule id(s): no-such-rule'),
    });
    expect(await run('scan', 'shop', '--framework', 'cis-99')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown framework "cis-99"'),
    });
    expect(await run('scan', 'shop', '--format', 'xml')).toMatchObject({ code: 2 });
    expect(await run('scan', 'missing-dir')).toMatchObject({ code: 2 });
    expect(await run('scan')).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing to scan') });
  });

  it('applies rule params from a file and rejects unknown params', async () => {
    const { stdout } = await run(
      'scan',
      'shop',
      '--format',
      'json',
      '--params',
      'params.yaml',
      '--rules',
      'container-image-untrusted-registry,daemonset-required-agents',
    );
    const report = JSON.parse(stdout);
    const status = (id: string) =>
      report.results.find((result: { ruleId: string }) => result.ruleId === id)?.status;
    expect(status('container-image-untrusted-registry')).toBe('fail');
    expect(status('daemonset-required-agents')).toBe('fail');
    expect(
      report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'daemonset-required-agents')
        .message,
    ).toContain('kube-system/cilium');
    const bad = await run('scan', 'shop', '--params', 'params-bad.yaml');
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'rule container-host-port has no param "allowedPort" (it takes: allowedPorts)',
      ),
    });
  });

  it('exits non-zero with the field and reason when the strict intake rejects the kubeconfig', async () => {
    const { code, stderr, stdout } = await run(
      'scan',
      '--kubeconfig',
      'kubeconfig-exec.yaml',
      '--untrusted-kubeconfig',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('users[0].user.exec');
    expect(stderr).toMatch(/rejected/);
  });
});

describe('meshguard rules and explain', () => {
  it('lists the catalog as JSON with frameworks and equivalents, filtered by area and framework', async () => {
    const all = JSON.parse((await run('rules', '--format', 'json')).stdout);
    expect(all.rules.length).toBeGreaterThanOrEqual(70);
    const ingress = JSON.parse((await run('rules', '--area', 'ingress', '--format', 'json')).stdout);
    expect(ingress.rules.every((rule: { area: string }) => rule.area === 'ingress')).toBe(true);
    const restricted = JSON.parse(
      (await run('rules', '--framework', 'pss-restricted', '--format', 'json')).stdout,
    );
    expect(restricted.rules.map((rule: { id: string }) => rule.id)).toContain('container-run-as-root-user');
  });

  it('explains a rule and suggests close ids for unknown ones', async () => {
    const { stdout } = await run('explain', 'container-privileged');
    expect(stdout).toContain('Why');
    expect(stdout).toContain('CIS Kubernetes Benchmark 5.2.2');
    expect(stdout).toContain('polaris: runAsPrivileged');
    expect(await run('explain', 'privileged')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('container-privileged'),
    });
  });
});

describe('the built command', () => {
  const bin = join(repoRoot, 'apps/cli/bin/meshguard.js');
  it.runIf(existsSync(join(repoRoot, 'apps/cli/dist/main.js')))(
    'runs through the workspace bin with the shebang kept',
    async () => {
      expect(
        readFileSync(join(repoRoot, 'apps/cli/dist/main.js'), 'utf8').startsWith('#!/usr/bin/env node'),
      ).toBe(true);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [bin, 'rules', '--area', 'service', '--format', 'json'],
        { cwd: repoRoot },
      );
      expect(JSON.parse(stdout).rules.length).toBeGreaterThan(3);
    },
  );
});
