import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { runCli } from '../src/cli-program.js';

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { hostNetwork: true, containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  },
];

describe('meshguard scan --kubeconfig (simulated cluster over HTTPS)', () => {
  let simulator: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    simulator = await startSimulator({ objects, serverVersion: { gitVersion: 'v1.28.4' } });
    dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-cluster-'));
    writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
  });
  afterAll(async () => {
    await simulator?.stop();
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

  it('collects the cluster through the vetted intake and evaluates it', async () => {
    const { code, stdout, stderr } = await run(
      'scan',
      '--kubeconfig',
      'kubeconfig.yaml',
      '--allow-address',
      '127.0.0.1',
      '--format',
      'json',
      '--rules',
      'pod-host-network,patching-*',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.source.type).toBe('cluster');
    expect(report.source.serverVersion).toBe('v1.28.4');
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(
      expect.arrayContaining(['pod-host-network', 'patching-server-version-eol']),
    );
  });

  it('with --untrusted-kubeconfig, refuses a loopback API server and names the flag that allows it', async () => {
    const { code, stderr } = await run('scan', '--kubeconfig', 'kubeconfig.yaml', '--untrusted-kubeconfig');
    expect(code).toBe(2);
    expect(stderr).toMatch(/loopback|127\.0\.0\.1/);
    expect(stderr).toContain('--allow-address');
  });
});
