import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { runCli } from '../src/cli-program.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const sarifSchema = JSON.parse(
  readFileSync(join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// The package's main export is the path of its native binary; its bin.js goes through a shell, which splits "Gh;Sarif".
const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

// Both packages are CommonJS with a default export: unwrap it under NodeNext.
const AjvDraft04 = (AjvDraft04Module as unknown as { default: (typeof AjvDraft04Module)['default'] }).default;
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let dir: string;

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-ci-'));
  cpSync(join(here, 'fixtures/shop'), join(dir, 'deploy'), { recursive: true });
  // The shared fixture ends with a deliberately broken document (it makes a scan exit 2); these specs need a clean one.
  const config = join(dir, 'deploy/config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').split('\n---\n')[0]!);
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    cwd: dir,
    env: {},
  });
  return { code, stdout, stderr };
}

/** Runs Microsoft's SARIF validator with GitHub code scanning's rules; returns its error and warning results. */
function validateLikeCodeScanning(file: string): Promise<{ ruleId: string; level: string; text: string }[]> {
  const out = `${file}.validation.sarif`;
  return new Promise((done, fail) => {
    execFile(
      multitool,
      ['validate', file, '--rule-kind', 'Gh;Sarif', '--output', out],
      { timeout: 120_000 },
      (error, _stdout, stderr) => {
        let log: {
          runs: {
            results?: {
              ruleId: string;
              level?: string;
              message: { text?: string; id?: string; arguments?: string[] };
            }[];
          }[];
        };
        try {
          log = JSON.parse(readFileSync(out, 'utf8'));
        } catch {
          fail(new Error(`sarif-multitool wrote no log (${error?.message ?? ''}): ${stderr}`));
          return;
        }
        done(
          (log.runs[0]?.results ?? [])
            .filter((result) => (result.level ?? 'warning') !== 'note')
            .map((result) => ({
              ruleId: result.ruleId,
              level: result.level ?? 'warning',
              text:
                result.message.text ?? `${result.message.id} ${(result.message.arguments ?? []).join(' ')}`,
            })),
        );
      },
    );
  });
}

describe('SARIF for GitHub code scanning', () => {
  it('validates against the official SARIF 2.1.0 schema and passes the code-scanning rules of sarif-multitool', async () => {
    const { code, stderr } = await run('scan', 'deploy', '--format', 'sarif', '--output', 'meshguard.sarif');
    expect(code, stderr).toBe(0);
    const file = join(dir, 'meshguard.sarif');
    const sarif = JSON.parse(readFileSync(file, 'utf8'));
    // The official schema is draft-04, and one of its patterns is not valid under the u flag.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormats as unknown as (instance: unknown) => void)(ajv);
    const validate = ajv.compile(sarifSchema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(await validateLikeCodeScanning(file)).toEqual([]);

    // The validator does look: the same log without a rule's help and a region fails GitHub's and SARIF's rules.
    const broken = structuredClone(sarif);
    delete broken.runs[0].tool.driver.rules[0].help;
    delete broken.runs[0].results[0].locations[0].physicalLocation.region;
    writeFileSync(join(dir, 'broken.sarif'), JSON.stringify(broken));
    const problems = await validateLikeCodeScanning(join(dir, 'broken.sarif'));
    expect(problems.map((problem) => problem.ruleId)).toEqual(
      expect.arrayContaining(['GH2012', 'SARIF2017']),
    );
  });

  it('gives manifests a file, line and column, rules Markdown help and security-severity, results fingerprints', async () => {
    const { stdout } = await run('scan', 'deploy', '--format', 'sarif', '--rules', 'container-privileged');
    const run0 = JSON.parse(stdout).runs[0];
    const rule = run0.tool.driver.rules[0];
    expect(rule.help.markdown).toContain('**Remediation:**');
    expect(rule.properties['security-severity']).toBe('9.5');
    const [result] = run0.results;
    expect(result.partialFingerprints['meshguard/v1']).toMatch(/^[0-9a-f]{32}$/);
    const web = readFileSync(join(dir, 'deploy/web.yaml'), 'utf8').split('\n');
    const location = result.locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' });
    // The region points at the Deployment's document.
    expect(web[location.region.startLine - 1]).toBe('apiVersion: apps/v1');
    expect(web[location.region.startLine]).toBe('kind: Deployment');
    expect(location.region.startColumn).toBe(1);
  });

  it("locates a live cluster's findings logically, by resource", async () => {
    const simulator: RunningSimulator = await startSimulator({
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'debug', namespace: 'default' },
          spec: { hostNetwork: true, containers: [{ name: 'debug', image: 'busybox:1.36' }] },
        },
      ],
    });
    try {
      writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
      const { code, stdout, stderr } = await run(
        'scan',
        '--kubeconfig',
        'kubeconfig.yaml',
        '--format',
        'sarif',
        '--rules',
        'pod-host-network',
      );
      expect(code, stderr).toBe(0);
      const [result] = JSON.parse(stdout).runs[0].results;
      expect(result.locations[0].physicalLocation).toBeUndefined();
      expect(result.locations[0].logicalLocations[0]).toEqual({
        name: 'debug',
        fullyQualifiedName: 'Pod/default/debug',
        kind: 'resource',
      });
    } finally {
      await simulator.stop();
    }
  });
});

describe('--baseline', () => {
  afterAll(() => rmSync(join(dir, 'changed'), { recursive: true, force: true }));

  it('marks findings new or existing, lists resolved ones, and fails only on new ones unless asked', async () => {
    const first = await run('scan', 'deploy', '--format', 'json', '--output', 'baseline.json');
    expect(first.code, first.stderr).toBe(0);
    const before = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));

    // The same repository a week later: the privileged flag is gone, a new host-network pod arrived.
    cpSync(join(dir, 'deploy'), join(dir, 'changed'), { recursive: true });
    const web = join(dir, 'changed/web.yaml');
    writeFileSync(
      web,
      readFileSync(web, 'utf8').replace('securityContext: { privileged: true }', 'securityContext: {}'),
    );
    writeFileSync(
      join(dir, 'changed/debug.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: shop }\nspec:\n  hostNetwork: true\n  containers: [{ name: debug, image: "busybox:1.36" }]\n',
    );

    const compared = await run('scan', 'changed', '--format', 'json', '--baseline', 'baseline.json');
    const after = JSON.parse(compared.stdout);
    const beforePrints = new Set(
      before.findings.map((finding: { fingerprint: string }) => finding.fingerprint),
    );
    for (const finding of after.findings)
      expect(finding.baseline).toBe(beforePrints.has(finding.fingerprint) ? 'existing' : 'new');
    const fresh = after.findings.filter((finding: { baseline: string }) => finding.baseline === 'new');
    expect(
      fresh.some(
        (finding: { ruleId: string; resource: { name: string } }) =>
          finding.ruleId === 'pod-host-network' && finding.resource.name === 'debug',
      ),
    ).toBe(true);
    expect(after.baseline.new).toBe(fresh.length);
    expect(after.baseline.existing).toBe(after.findings.length - fresh.length);
    expect(after.baseline.resolved.map((finding: { ruleId: string }) => finding.ruleId)).toContain(
      'container-privileged',
    );
    expect(after.baseline.file).toBe(join(dir, 'baseline.json'));

    // --fail-on counts new findings only: the same repository against its own baseline has none.
    const unchanged = await run('scan', 'deploy', '--baseline', 'baseline.json', '--fail-on', 'low');
    expect(unchanged.code, unchanged.stderr).toBe(0);
    const existingToo = await run(
      'scan',
      'deploy',
      '--baseline',
      'baseline.json',
      '--fail-on',
      'low',
      '--fail-on-existing',
    );
    expect(existingToo.code).toBe(1);
    const onNew = await run('scan', 'changed', '--baseline', 'baseline.json', '--fail-on', 'high');
    expect(onNew.code).toBe(1);
    expect(onNew.stderr).toMatch(/open new finding\(s\) at or above high/);
    expect(onNew.stdout).toContain('[new]');
    expect(onNew.stdout).toMatch(/Against baseline .*: \d+ new, \d+ existing, \d+ resolved/);
  });

  it('refuses a baseline that is not a meshguard JSON report, with the reason', async () => {
    writeFileSync(join(dir, 'not-a-report.json'), '{"findings": 3}');
    const bad = await run('scan', 'deploy', '--baseline', 'not-a-report.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a meshguard JSON report');
    const missing = await run('scan', 'deploy', '--baseline', 'nowhere.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline');
  });
});

describe('--output', () => {
  it('writes atomically and leaves no temporary file; an unwritable path is a clear error', async () => {
    const { code } = await run('scan', 'deploy', '--format', 'json', '--output', 'atomic.json');
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'atomic.json'), 'utf8')).tool.name).toBe('meshguard');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const bad = await run('scan', 'deploy', '--output', 'no/such/folder/report.txt');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write .*report\.txt: ENOENT/);
  });
});

describe('manifests on standard input (`meshguard scan -`)', () => {
  const piped = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: { name: piped, namespace: shop }',
    'spec:',
    '  hostNetwork: true',
    '  containers: [{ name: app, image: "busybox:1.36" }]',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: broken',
    '',
  ].join('\n');

  async function withStdin(text: string, ...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (chunk) => (stdout += chunk),
      stderr: (chunk) => (stderr += chunk),
      isTty: false,
      cwd: dir,
      env: {},
      // Piped in a few bytes at a time, as a pipe delivers it: documents span reads.
      readStdin: () => Readable.from(chunksOf(Buffer.from(text), 7)),
    });
    return { code, stdout, stderr };
  }

  it('scans what helm template or kustomize build pipe in, keeping document index and line in errors', async () => {
    const { code, stdout, stderr } = await withStdin(
      piped,
      'scan',
      '-',
      '--format',
      'json',
      '--rules',
      'pod-host-network',
    );
    // The broken second document is reported, and a scan that could not read everything exits 2.
    expect(code, stderr).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.source.location).toBe('<stdin>');
    expect(report.findings.map((finding: { resource: { name: string } }) => finding.resource.name)).toEqual([
      'piped',
    ]);
    expect(stderr).toMatch(/<stdin> document 2 \(line 8\): not valid YAML/);
  });

  it('reads standard input together with files, and through the real binary', async () => {
    const both = await withStdin(
      piped,
      'scan',
      'deploy',
      '-',
      '--format',
      'json',
      '--rules',
      'pod-host-network,container-privileged',
      '--skip-invalid',
    );
    const names = JSON.parse(both.stdout).findings.map(
      (finding: { resource: { name: string } }) => finding.resource.name,
    );
    expect(names).toEqual(expect.arrayContaining(['piped', 'web']));

    const binary = await new Promise<{ code: number; stdout: string }>((done) => {
      const child = execFile(
        process.execPath,
        [
          join(here, '../bin/meshguard.js'),
          'scan',
          '-',
          '--format',
          'json',
          '--rules',
          'pod-host-network',
          '--skip-invalid',
        ],
        { cwd: dir, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
        (error, stdout) => done({ code: error ? Number(error.code) : 0, stdout }),
      );
      child.stdin?.end(piped);
    });
    expect(binary.code).toBe(0);
    expect(JSON.parse(binary.stdout).findings).toHaveLength(1);
  });

  it('refuses empty or oversized input with exit code 2 and says which flag raises the limit', async () => {
    expect(await withStdin('', 'scan', '-')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('standard input is empty'),
    });
    const big = await withStdin(piped, 'scan', '-', '--max-file-size', '0.0001');
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('raise it with --max-file-size');
    expect((await withStdin(piped, 'scan', '-', '--max-file-size', 'lots')).stderr).toContain(
      'is not a size in MiB',
    );
  });
});
