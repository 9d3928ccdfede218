import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-program.js';

/** What people save and scan: API list output, old charts, Helm values beside the templates. */
let dir: string;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshguard-intake-'));
  // `kubectl get pods -o json` / GET /api/v1/pods: items carry no apiVersion or kind.
  const pods = {
    apiVersion: 'v1',
    kind: 'PodList',
    items: [
      {
        metadata: { name: 'saved', namespace: 'shop', labels: { app: 'saved' } },
        spec: { containers: [{ name: 'a', image: 'a:1.0.0', securityContext: { privileged: true } }] },
      },
    ],
  };
  writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));
  // `kubectl get pods -o json | jq .items`: a bare array of objects.
  writeFileSync(
    join(dir, 'items.json'),
    JSON.stringify([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'extracted', namespace: 'shop', labels: { app: 'extracted' } },
        spec: { containers: [{ name: 'b', image: 'b:1.0.0', securityContext: { privileged: true } }] },
      },
    ]),
  );
  writeFileSync(
    join(dir, 'cron.yaml'),
    'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly, namespace: shop}\nspec:\n  schedule: "@daily"\n  jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: "c:1.0.0", securityContext: {privileged: true}}]}}}}\n',
  );
  writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 2\nimage: {repository: shop, tag: "1.0"}\n');
  writeFileSync(
    join(dir, 'monitor.yaml'),
    'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n',
  );
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {namespace: shop}\n');
});

describe('meshguard intake', () => {
  it('evaluates List items and removed API versions, notes what it set aside, and counts what it could not read', async () => {
    const { code, stdout, stderr } = await run(
      'scan',
      '.',
      '--format',
      'json',
      '--rules',
      'container-privileged,patching-deprecated-apis',
    );
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    const findings = report.findings.map(
      (finding: { ruleId: string; resource: { apiVersion: string; kind: string; name: string } }) =>
        `${finding.ruleId} ${finding.resource.apiVersion} ${finding.resource.kind} ${finding.resource.name}`,
    );
    expect(findings.sort()).toEqual([
      'container-privileged batch/v1beta1 CronJob nightly',
      'container-privileged v1 Pod extracted',
      'container-privileged v1 Pod saved',
      'patching-deprecated-apis batch/v1beta1 CronJob nightly',
    ]);
    expect(
      report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'patching-deprecated-apis')
        .message,
    ).toContain('removed in Kubernetes 1.25');
    expect(report.coverage.ignored).toEqual([
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', count: 1 },
    ]);
    expect(report.coverage.notObjects).toEqual([join(dir, 'values.yaml')]);
    expect(report.summary.unevaluated).toBe(1);
    expect(stderr).toContain('broken.yaml document 1 (line 1): Service has no metadata.name');
    expect(stderr.match(/note: ignored 1 file\(s\) of YAML that is not a Kubernetes object/g)).toHaveLength(
      1,
    );
    expect(stderr).toContain(
      'note: skipped objects of kinds no rule reads: 1 monitoring.coreos.com/v1 ServiceMonitor',
    );
    expect((await run('scan', '.', '--skip-invalid', '--rules', 'container-privileged')).code).toBe(0);
  });

  it('exits 2 when every document was rejected, instead of reporting a clean repository', async () => {
    const only = await run('scan', 'broken.yaml');
    expect(only.code).toBe(2);
    expect(only.stdout).toContain('Not evaluated: 1 document(s)');
  });

  it('reads the same List output and bare arrays in netpol', async () => {
    const { code, stdout } = await run('netpol', 'connectivity', 'pods.json', 'items.json', '--format', 'json');
    expect(code).toBe(0);
    expect(stdout).toContain('saved');
    expect(stdout).toContain('extracted');
  });
});
