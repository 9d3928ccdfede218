import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { catalog, type EvidenceScope } from '@meshguard/rules';
import { runCli } from '../src/cli-program.js';

/**
 * Conformance check for the first run of an application repository in CI (issue 18): a layout like the public
 * microservices demos (Deployments, Services, ServiceAccounts and NetworkPolicies, no Namespace objects, no
 * metadata.namespace, a kustomization and a skaffold config beside them). Manifests cannot show node agents, quotas,
 * the server version or the rest of a namespace, so every rule needing them must say "not assessable", never fail.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const scopeOf = new Map<string, EvidenceScope>(catalog.map((rule) => [rule.id, rule.evidenceScope]));
const beyondManifests: EvidenceScope[] = ['namespace-inventory', 'cluster-inventory', 'cluster-config'];

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    cwd: join(here, 'fixtures'),
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

interface Result {
  ruleId: string;
  status: string;
  reason?: string;
  unassessed?: { reason: string }[];
}
interface Finding {
  ruleId: string;
  message: string;
}

describe('meshguard scan of an application repository (no Namespace objects)', () => {
  it('judges only what manifests can show: every cluster- and namespace-level rule is not assessable', async () => {
    const { code, stdout } = await run('scan', 'app-repo', '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      results: Result[];
      findings: Finding[];
      summary: { excluded: { notAssessable: number } };
    };
    const validate = validator(join(repoRoot, 'docs/cli-json.schema.json'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);

    const clusterLevel = report.results.filter((result) =>
      beyondManifests.includes(scopeOf.get(result.ruleId)!),
    );
    expect(clusterLevel.length).toBeGreaterThanOrEqual(15);
    for (const result of clusterLevel) {
      expect(result.status, result.ruleId).toBe('not-assessable');
      expect(result.reason, result.ruleId).toMatch(/inventory|cluster-config/);
    }
    expect(
      report.findings.filter((finding) => beyondManifests.includes(scopeOf.get(finding.ruleId)!)),
    ).toEqual([]);
    expect(report.summary.excluded.notAssessable).toBeGreaterThanOrEqual(clusterLevel.length);

    // What the repository itself shows still stands out: per-service allow-all egress neutralises the default deny.
    expect(report.results.find((result) => result.ruleId === 'netpol-default-deny-neutralised')?.status).toBe(
      'fail',
    );
    expect(
      report.findings.find((finding) => finding.ruleId === 'netpol-default-deny-neutralised')?.message,
    ).toContain('still admits all egress traffic');
    // Unset namespaces are called unset, not "default".
    expect(
      report.findings
        .filter((finding) => finding.ruleId === 'namespace-default-workloads')
        .every((finding) => finding.message.startsWith('metadata.namespace is not set')),
    ).toBe(true);
  });

  it('says so in the table, JUnit (skipped) and SARIF (notes) as well', async () => {
    const table = await run('scan', 'app-repo');
    expect(table.stdout).toMatch(/NOT-ASSESSABLE\s+\w+\s+monitoring-log-agent-missing/);
    expect(table.stdout).toMatch(
      /Not counted: \d+ not applicable, \d+ not assessable, \d+ manual, \d+ error/,
    );
    expect(table.stdout).not.toMatch(/FAIL\s+\w+\s+namespace-no-limit-range/);

    const junit = await run('scan', 'app-repo', '--format', 'junit', '--rules', 'monitoring-*');
    expect(junit.stdout).toMatch(/<skipped message="not-assessable: needs every DaemonSet and node/);
    expect(junit.stdout).not.toContain('<failure');

    const sarif = JSON.parse(
      (await run('scan', 'app-repo', '--format', 'sarif', '--rules', 'monitoring-*')).stdout,
    );
    const validate = validator(join(here, 'sarif-2.1.0-subset.schema.json'));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results).toEqual([]);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as {
      level: string;
      associatedRule: { id: string };
    }[];
    expect(notes.map((note) => note.associatedRule.id)).toContain('monitoring-log-agent-missing');
    expect(notes.every((note) => note.level === 'note')).toBe(true);
  });

  it('judges the whole catalog when the inputs are declared complete (--complete)', async () => {
    const { stdout } = await run('scan', 'app-repo', '--format', 'json', '--complete');
    const report = JSON.parse(stdout) as { source: { complete?: boolean }; results: Result[] };
    expect(report.source.complete).toBe(true);
    // Every scope is judged; only control-plane flags stay unknown: an app repository holds no control-plane pods.
    expect(
      report.results.filter(
        (result) => result.status === 'not-assessable' && !/managed control plane/.test(result.reason ?? ''),
      ),
    ).toEqual([]);
    expect(report.results.find((result) => result.ruleId === 'monitoring-log-agent-missing')?.status).toBe(
      'fail',
    );
    expect(report.results.find((result) => result.ruleId === 'namespace-no-limit-range')?.status).toBe(
      'fail',
    );
    const rejected = await run('scan', '--complete', '--kubeconfig', 'kubeconfig.yaml');
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('--complete describes manifest inputs');
  });
});
