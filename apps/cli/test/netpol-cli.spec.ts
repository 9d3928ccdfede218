import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTokenScopes, readOnlyScope, startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/meshguard.js');
const fixtures = join(here, 'fixtures/netpol');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command, as a user would, and returns its exit code and output. */
// No kubeconfig of the machine's user leaks into a run: a cluster is only what a test names.
const hermeticEnv = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'meshguard-home-')), KUBECONFIG: '' };

function meshguard(args: string[], cwd = fixtures): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: hermeticEnv }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

// Each run starts a Node process that loads the rule catalog: generous on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

beforeAll(() => {
  if (!existsSync(resolve(here, '../dist/main.js')))
    throw new Error('the CLI is not built: run "npm run build" in apps/cli (and its libraries) first');
});

describe('meshguard netpol connectivity', () => {
  it('prints one "src => dst : conn" line per allowed connection and none for denied ones', async () => {
    const { code, stdout, stderr } = await meshguard(['netpol', 'connectivity', 'cluster']);
    expect(code, stderr).toBe(0);
    const txt = lines(stdout);
    expect(txt).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9090');
    expect(txt).toContain('shop/api[Deployment] => shop/db[StatefulSet] : TCP 5432');
    expect(txt).toContain('0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : TCP 8080');
    expect(txt).toContain('tools/debug[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections');
    // default-deny-ingress in shop: only web is reachable from tools, and the database only from the api.
    expect(txt.filter((line) => line.startsWith('tools/debug[Deployment] => shop/api'))).toEqual([]);
    expect(txt.filter((line) => line.includes('=> shop/db[StatefulSet]'))).toEqual([
      'shop/api[Deployment] => shop/db[StatefulSet] : TCP 5432',
    ]);
    expect(txt.every((line) => / => .+ : (All Connections|(TCP|UDP|SCTP) [\d,-]+)$/.test(line))).toBe(true);
  });

  it('carries the same tuples in json, csv and md', async () => {
    const [plain, json, csvRun, mdRun] = await Promise.all(
      ['txt', 'json', 'csv', 'md'].map((format) =>
        meshguard(['netpol', 'connectivity', 'cluster', '-f', format]),
      ),
    );
    const txt = lines(plain!.stdout);
    expect(json!.code).toBe(0);
    const tuples = JSON.parse(json!.stdout) as { src: string; dst: string; conn: string }[];
    expect(tuples.map((t) => `${t.src} => ${t.dst} : ${t.conn}`).sort()).toEqual([...txt].sort());
    const csv = lines(csvRun!.stdout);
    expect(csv[0]).toBe('src,dst,conn');
    expect(csv).toContain('shop/web[Deployment],shop/api[Deployment],TCP 9090');
    expect(csv).toHaveLength(txt.length + 1);
    const md = mdRun!.stdout;
    expect(md).toContain('| 0.0.0.0-255.255.255.255[External] | shop/web[Deployment] (exposed) | TCP 8080 |');
    expect(md).not.toContain('shop/api[Deployment] (exposed)');
  });

  it('renders dot with namespaces as clusters and the exposed workload marked, to --output', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'meshguard-netpol-')), 'graph.dot');
    const { code, stdout, stderr } = await meshguard([
      'netpol',
      'connectivity',
      'cluster',
      '--format',
      'dot',
      '--output',
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(out);
    const dot = readFileSync(out, 'utf8');
    expect(dot.startsWith('digraph {')).toBe(true);
    expect(dot).toContain('subgraph "cluster_shop[namespace]" {');
    expect(dot).toContain('subgraph "cluster_tools[namespace]" {');
    expect(dot).toContain(
      '"shop/web[Deployment]" [label="web[Deployment]" color="red2" fontcolor="red2" shape=doublecircle xlabel="exposed"]',
    );
    expect(dot).toContain('"shop/web[Deployment]" -> "shop/api[Deployment]" [label="TCP 9090"');
  });

  it('narrows to --focus-workload', async () => {
    const { stdout } = await meshguard(['netpol', 'connectivity', 'cluster', '--focus-workload', 'shop/db']);
    expect(lines(stdout).length).toBeGreaterThan(0);
    expect(lines(stdout).every((line) => line.includes('shop/db[StatefulSet]'))).toBe(true);
  });
});

describe('meshguard netpol can', () => {
  it('answers allowed with exit 0 and names the deciding policy with --explain', async () => {
    const { code, stdout } = await meshguard([
      'netpol',
      'can',
      'shop/web[Deployment]',
      'shop/api',
      '--port',
      '9090/TCP',
      '--explain',
      'cluster',
    ]);
    expect(code).toBe(0);
    expect(lines(stdout)[0]).toBe('shop/web[Deployment] => shop/api[Deployment] : TCP 9090 — ALLOWED');
    expect(stdout).toMatch(/\[namespace\] allow TCP 9090 — NetworkPolicy shop\/api-from-web ingress\[0\]/);
  });

  it('answers denied with exit 1 and names the isolating policies', async () => {
    const { code, stdout } = await meshguard([
      'netpol',
      'can',
      'tools/debug',
      'shop/api',
      '--port',
      '9090/TCP',
      '--explain',
      'cluster',
    ]);
    expect(code).toBe(1);
    expect(lines(stdout)[0]).toBe('tools/debug[Deployment] => shop/api[Deployment] : TCP 9090 — DENIED');
    expect(stdout).toMatch(/default-deny TCP 9090 — default: isolated by default-deny-ingress, api-from-web/);
  });

  it('takes an IP address as source and answers in json', async () => {
    const { code, stdout } = await meshguard([
      'netpol',
      'can',
      '203.0.113.7',
      'shop/web',
      '-p',
      '8080/TCP',
      '--format',
      'json',
      'cluster',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ dst: 'shop/web[Deployment]', verdict: 'allowed' });
    const db = await meshguard(['netpol', 'can', '203.0.113.7', 'shop/db', '-p', '5432/TCP', 'cluster']);
    expect(db.code).toBe(1);
    expect(db.stdout).toContain('— DENIED');
  });

  it('rejects an unknown workload or a bad port with exit 2 and says what exists', async () => {
    const unknown = await meshguard(['netpol', 'can', 'tools/debug', 'shop/payments', 'cluster']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('workload shop/payments not found');
    expect(unknown.stderr).toContain('shop/api[Deployment]');
    const port = await meshguard([
      'netpol',
      'can',
      'tools/debug',
      'shop/api',
      '--port',
      '443/HTTP',
      'cluster',
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port: port "443/HTTP" must look like 443/TCP');
  });
});

describe('meshguard netpol exposure', () => {
  it('lists the LoadBalancer-exposed workload with its entry points, in txt and json', async () => {
    const { code, stdout } = await meshguard(['netpol', 'exposure', 'cluster']);
    expect(code).toBe(0);
    expect(lines(stdout)).toContain('shop/web[Deployment]: EXPOSED');
    expect(stdout).toContain('via LoadBalancer Service shop/web: TCP 8080 from 0.0.0.0-255.255.255.255');
    expect(stdout).not.toContain('shop/db');
    const json = JSON.parse((await meshguard(['netpol', 'exposure', 'cluster', '--format', 'json'])).stdout);
    expect(json.exposure.map((e: { workload: string }) => e.workload)).toEqual(['shop/web[Deployment]']);
    expect(json.exposure[0].entryPoints).toContainEqual(
      expect.objectContaining({ via: 'LoadBalancer', object: 'Service shop/web', allowed: 'TCP 8080' }),
    );
  });

  it('adds lateral paths from the exposed workload to the database', async () => {
    const { stdout } = await meshguard(['netpol', 'exposure', 'cluster', '--lateral']);
    expect(stdout).toContain(
      'shop/web[Deployment] -> shop/api[Deployment] (TCP 9090) -> shop/db[StatefulSet] (TCP 5432) [data-store]',
    );
  });
});

describe('meshguard netpol check', () => {
  it('exits 0 when every intent passes', async () => {
    const { code, stdout, stderr } = await meshguard([
      'netpol',
      'check',
      '--intents',
      'intents/passing.yaml',
      'cluster',
    ]);
    expect(code, stderr).toBe(0);
    expect(lines(stdout).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'PASS db-only-from-api',
      'PASS web-reaches-api',
      'PASS internal-not-from-internet',
    ]);
  });

  it('exits 1 when an intent fails, with the violating path as evidence', async () => {
    const { code, stdout } = await meshguard([
      'netpol',
      'check',
      '--intents',
      'intents/failing.yaml',
      'cluster',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^PASS db-only-from-api/m);
    expect(stdout).toMatch(/^FAIL shop-not-from-tools/m);
    expect(stdout).toContain('tools/debug[Deployment] => shop/web[Deployment] : TCP 8080');
    expect(stdout).toMatch(/^FAIL default-deny-ingress/m);
    expect(stdout).toContain('namespace tools has no policy isolating every pod for ingress');
    const json = JSON.parse(
      (await meshguard(['netpol', 'check', '--intents', 'intents/failing.yaml', 'cluster', '-f', 'json']))
        .stdout,
    );
    expect(json.map((r: { id: string; status: string }) => `${r.id}:${r.status}`)).toEqual([
      'db-only-from-api:pass',
      'shop-not-from-tools:fail',
      'default-deny-ingress:fail',
    ]);
  });

  it('exits 2 on an invalid intents file, naming every problem by its path, before reading any snapshot', async () => {
    const { code, stdout, stderr } = await meshguard([
      'netpol',
      'check',
      '--intents',
      'intents/invalid.yaml',
      'no-such-folder',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('intents/invalid.yaml: invalid network intents');
    expect(stderr).toContain('intents[0].id: ids are kebab-case');
    expect(stderr).toContain('intents[1].deny.from.cidr: "10.0.0.0/33" is not a valid CIDR');
    expect(stderr).toContain(
      'intents[2]: an intent needs an id and exactly one of deny, allow, allowOnly, defaultDeny',
    );
    expect(stderr).not.toContain('no-such-folder');
    const missing = await meshguard(['netpol', 'check', '--intents', 'intents/missing.yaml', 'cluster']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read intents file .*missing\.yaml: ENOENT/),
    });
    expect((await meshguard(['netpol', 'check', 'cluster'])).code).toBe(2);
  });
});

describe('meshguard netpol diff', () => {
  it('reports a connection added by a proposed policy and exits 1; identical inputs exit 0', async () => {
    const proposed = mkdtempSync(join(tmpdir(), 'meshguard-netpol-proposed-'));
    cpSync(join(fixtures, 'cluster'), proposed, { recursive: true });
    cpSync(join(fixtures, 'proposed/api-from-tools.yaml'), join(proposed, 'api-from-tools.yaml'));
    const { code, stdout, stderr } = await meshguard(['netpol', 'diff', 'cluster', proposed]);
    expect(code, stderr).toBe(1);
    expect(lines(stdout)).toEqual(['+ tools/debug[Deployment] => shop/api[Deployment] : TCP 9090']);
    const json = JSON.parse(
      (await meshguard(['netpol', 'diff', 'cluster', proposed, '--format', 'json'])).stdout,
    );
    expect(json).toEqual([
      {
        change: 'added',
        src: 'tools/debug[Deployment]',
        dst: 'shop/api[Deployment]',
        before: 'No Connections',
        after: 'TCP 9090',
      },
    ]);
    const same = await meshguard(['netpol', 'diff', 'cluster', 'cluster']);
    expect(same).toMatchObject({ code: 0, stdout: 'No connectivity changes.\n' });
  });

  it('compares single files too, and names a missing side', async () => {
    const proposed = mkdtempSync(join(tmpdir(), 'meshguard-netpol-file-'));
    const everything = ['namespaces', 'workloads', 'policies', 'services']
      .map((name) => readFileSync(join(fixtures, `cluster/${name}.yaml`), 'utf8'))
      .join('\n---\n');
    writeFileSync(join(proposed, 'before.yaml'), everything);
    writeFileSync(
      join(proposed, 'after.yaml'),
      `${everything}\n---\n${readFileSync(join(fixtures, 'proposed/api-from-tools.yaml'), 'utf8')}`,
    );
    const { code, stdout } = await meshguard(['netpol', 'diff', 'before.yaml', 'after.yaml'], proposed);
    expect(code).toBe(1);
    expect(stdout).toContain('+ tools/debug[Deployment] => shop/api[Deployment] : TCP 9090');
    const missing = await meshguard(['netpol', 'diff', 'cluster', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere does not exist');
  });
});

describe('meshguard netpol bad input', () => {
  it('exits 2 with a message for unknown formats, options and missing input', async () => {
    expect(await meshguard(['netpol', 'connectivity', 'cluster', '--format', 'xml'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown format "xml"; use one of txt, json, csv, md, dot'),
    });
    expect(await meshguard(['netpol', 'exposure', 'cluster', '--format', 'dot'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('use one of txt, json'),
    });
    expect(
      (await meshguard(['netpol', 'connectivity', 'cluster', '--host-network-pods', 'maybe'])).code,
    ).toBe(2);
    expect(await meshguard(['netpol', 'connectivity'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nothing to scan: give manifest files or folders'),
    });
    expect(await meshguard(['netpol', 'connectivity', 'cluster', '--kubeconfig', 'k.yaml'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'give either manifest paths or a cluster (--kubeconfig/--context), not both',
      ),
    });
  });
});

describe('meshguard netpol --kubeconfig (simulated cluster over HTTPS)', () => {
  let simulator: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: join(fixtures, 'cluster'),
      tokens: { ...defaultTokenScopes(), 'no-netpol': readOnlyScope('sim:no-netpol', ['networkpolicies']) },
    });
    dir = mkdtempSync(join(tmpdir(), 'meshguard-netpol-cluster-'));
    writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
    writeFileSync(join(dir, 'no-netpol.yaml'), simulator.kubeconfig({ token: 'no-netpol' }));
  });
  afterAll(async () => {
    await simulator?.stop();
  });

  it('computes the same connections from the live cluster as from its manifests', async () => {
    const live = await meshguard(
      ['netpol', 'connectivity', '--kubeconfig', 'kubeconfig.yaml', '--allow-address', '127.0.0.1'],
      dir,
    );
    expect(live.code, live.stderr).toBe(0);
    const manifests = await meshguard(['netpol', 'connectivity', 'cluster']);
    expect(lines(live.stdout)).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9090');
    expect(lines(live.stdout).sort()).toEqual(lines(manifests.stdout).sort());
    const can = await meshguard(
      [
        'netpol',
        'can',
        'tools/debug',
        'shop/db',
        '--port',
        '5432/TCP',
        '--kubeconfig',
        'kubeconfig.yaml',
        '--allow-address',
        '127.0.0.1',
      ],
      dir,
    );
    expect(can.code).toBe(1);
    expect(can.stdout).toContain('— DENIED');
  });

  it('warns when policies could not be read, because they would show up as allowed connections', async () => {
    const { code, stdout, stderr } = await meshguard(
      ['netpol', 'connectivity', '--kubeconfig', 'no-netpol.yaml', '--allow-address', '127.0.0.1'],
      dir,
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/netpol: networkpolicies could not be read/);
    expect(lines(stdout)).toContain('tools/debug[Deployment] => shop/api[Deployment] : All Connections');
  });

  it('with --untrusted-kubeconfig, refuses the loopback API server unless allowed', async () => {
    const { code, stderr } = await meshguard(
      ['netpol', 'exposure', '--kubeconfig', 'kubeconfig.yaml', '--untrusted-kubeconfig'],
      dir,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/loopback|127\.0\.0\.1/);
  });
});
