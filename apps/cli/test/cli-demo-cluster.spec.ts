import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { runCli } from '../src/cli-program.js';

interface Result {
  ruleId: string;
  status: string;
  reason?: string;
}
interface Finding {
  ruleId: string;
  fingerprint: string;
  resource: { kind: string; name: string };
}

/** A live scan has every evidence scope: the demo cluster keeps its cluster- and namespace-level verdicts. */
describe('meshguard scan --kubeconfig of the demo simulator cluster', () => {
  let simulator: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    simulator = await startSimulator({ preset: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-demo-'));
    writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
  });
  afterAll(async () => {
    await simulator?.stop();
  });

  it('judges monitoring and namespace rules live, and none is not-assessable', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['scan', '--kubeconfig', 'kubeconfig.yaml', '--allow-address', '127.0.0.1', '--format', 'json'],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false, cwd: dir },
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { results: Result[]; findings: Finding[] };
    // A live scan sees every evidence scope; only control-plane flags, which a managed control plane does not show
    // (the simulator runs no static kube-apiserver pods), are not assessable.
    expect(
      report.results.filter(
        (result) => result.status === 'not-assessable' && !/managed control plane/.test(result.reason ?? ''),
      ),
    ).toEqual([]);
    // The store refuses repeated fingerprints: the CLI and the API count the same findings.
    const fingerprints = report.findings.map((finding) => finding.fingerprint);
    expect(fingerprints.length - new Set(fingerprints).size).toBe(0);
    const status = (id: string) => report.results.find((result) => result.ruleId === id)?.status;
    const failing = (id: string) => report.findings.filter((finding) => finding.ruleId === id);
    for (const id of ['namespace-no-limit-range', 'namespace-no-resource-quota']) {
      expect(status(id), id).toBe('fail');
      expect(failing(id).every((finding) => finding.resource.kind === 'Namespace')).toBe(true);
    }
    for (const id of [
      'monitoring-log-agent-missing',
      'monitoring-runtime-security-agent',
      'monitoring-audit-logging',
    ])
      expect(['pass', 'fail', 'manual', 'not-assessable'], id).toContain(status(id));
    expect(
      ['monitoring-log-agent-missing', 'monitoring-runtime-security-agent'].some(
        (id) => status(id) === 'fail',
      ),
    ).toBe(true);
  });
});
