import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTokenScopes, startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { runCli } from '../src/cli-program.js';

const here = dirname(fileURLToPath(import.meta.url));
const plugin = join(here, 'fixtures/kubeconfig/exec-credential.mjs');

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'debug', namespace: 'shop' },
    spec: { hostNetwork: true, containers: [{ name: 'debug', image: 'busybox:1.36' }] },
  },
];

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  'current-context'?: string;
}

let simulator: RunningSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startSimulator({ objects });
  dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-kubeconfig-'));
});
afterAll(async () => {
  await simulator?.stop();
});

/** The simulator's kubeconfig as an object, to reshape into the forms people's kubeconfigs take. */
function base(options: Parameters<RunningSimulator['kubeconfig']>[0] = {}): Kubeconfig {
  return parse(simulator.kubeconfig(options)) as Kubeconfig;
}

function write(name: string, document: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof document === 'string' ? document : stringify(document));
  return path;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    stdinIsTty: false,
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: join(dir, 'no-home'), ...env },
  });
  return { code, stdout, stderr };
}

const scanArgs = ['scan', '--format', 'json', '--rules', 'pod-host-network'];

function foundHostNetwork(stdout: string): boolean {
  const report = JSON.parse(stdout) as { source: { type: string }; findings: { ruleId: string }[] };
  return (
    report.source.type === 'cluster' &&
    report.findings.some((finding) => finding.ruleId === 'pod-host-network')
  );
}

function execUser(apiVersion: string, token: string, extra: Record<string, unknown> = {}) {
  return {
    exec: {
      apiVersion,
      command: process.execPath,
      args: [plugin, apiVersion, token, join(dir, `exec-info-${apiVersion.split('/')[1]}.json`)],
      interactiveMode: 'Never',
      ...extra,
    },
  };
}

describe("meshguard scan with the user's own kubeconfig (as kubectl reads it)", () => {
  it('scans a kind-style cluster: loopback address, client certificate, no flags needed', async () => {
    const path = write('kind.yaml', base({ clientCert: true }));
    const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
    expect(code, stderr).toBe(0);
    expect(foundHostNetwork(stdout)).toBe(true);
    expect(stderr).not.toMatch(/credentials can change/);
  });

  it.each(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'])(
    'runs an exec credential plugin (%s) with KUBERNETES_EXEC_INFO and shows its stderr',
    async (apiVersion) => {
      const config = base();
      config.users[0]!.user = execUser(apiVersion, 'read-only');
      const path = write(`exec-${apiVersion.split('/')[1]}.yaml`, config);
      const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
      expect(code, stderr).toBe(0);
      expect(foundHostNetwork(stdout)).toBe(true);
      expect(stderr).toContain('stand-in plugin: issuing a token');
      const info = JSON.parse(readFileSync(join(dir, `exec-info-${apiVersion.split('/')[1]}.json`), 'utf8'));
      expect(info).toEqual({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } });
    },
  );

  it('refuses an exec plugin that needs a terminal when stdin is not one, and a v1 plugin without interactiveMode', async () => {
    const always = base();
    always.users[0]!.user = execUser('client.authentication.k8s.io/v1', 'read-only', {
      interactiveMode: 'Always',
    });
    const first = await run([...scanArgs, '--kubeconfig', write('exec-always.yaml', always)]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('needs a terminal (interactiveMode: Always)');

    const missing = base();
    missing.users[0]!.user = execUser('client.authentication.k8s.io/v1', 'read-only', {
      interactiveMode: undefined,
    });
    const second = await run([...scanArgs, '--kubeconfig', write('exec-no-mode.yaml', missing)]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('interactiveMode is required');
  });

  it('says how to install a missing plugin, with its installHint', async () => {
    const config = base();
    config.users[0]!.user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'meshguard-test-no-such-plugin',
        installHint: 'Install it with: brew install no-such-plugin',
      },
    };
    const { code, stderr } = await run([...scanArgs, '--kubeconfig', write('exec-missing.yaml', config)]);
    expect(code).toBe(2);
    expect(stderr).toContain('exec plugin meshguard-test-no-such-plugin was not found');
    expect(stderr).toContain('brew install no-such-plugin');
  });

  it('reads a token file and a CA file relative to the kubeconfig', async () => {
    const config = base();
    writeFileSync(join(dir, 'token'), 'read-only\n');
    writeFileSync(join(dir, 'ca.crt'), simulator.caPem);
    delete config.clusters[0]!.cluster['certificate-authority-data'];
    config.clusters[0]!.cluster['certificate-authority'] = 'ca.crt';
    config.users[0]!.user = { 'token-file': 'token' };
    const path = write('token-file.yaml', config);
    const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
    expect(code, stderr).toBe(0);
    expect(foundHostNetwork(stdout)).toBe(true);
  });

  it('merges a two-file KUBECONFIG the way kubectl does and honours --context', async () => {
    const config = base({ context: 'lab' });
    const clustersAndContexts = write('merged-a.yaml', {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: config.clusters,
      contexts: [
        ...config.contexts,
        { name: 'elsewhere', context: { cluster: config.clusters[0]!.name, user: 'nobody' } },
      ],
      'current-context': 'elsewhere',
    });
    const users = write('merged-b.yaml', {
      apiVersion: 'v1',
      kind: 'Config',
      users: config.users,
      'current-context': 'lab',
    });
    const KUBECONFIG = [clustersAndContexts, join(dir, 'missing.yaml'), users].join(delimiter);
    // The first file's current-context wins: its user is not defined anywhere.
    const current = await run(scanArgs, { KUBECONFIG });
    expect(current.code).toBe(2);
    expect(current.stderr).toContain('names user "nobody", which is not defined');

    const chosen = await run([...scanArgs, '--context', 'lab'], { KUBECONFIG });
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(foundHostNetwork(chosen.stdout)).toBe(true);
  });

  it('goes through proxy-url (HTTP CONNECT) when the kubeconfig names one', async () => {
    const tunnels: string[] = [];
    const proxy: Server = createServer();
    proxy.on('connect', (request, client, head) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const config = base();
      config.clusters[0]!.cluster['proxy-url'] = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const { code, stdout, stderr } = await run([
        ...scanArgs,
        '--kubeconfig',
        write('proxied.yaml', config),
      ]);
      expect(code, stderr).toBe(0);
      expect(foundHostNetwork(stdout)).toBe(true);
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([`127.0.0.1:${simulator.port}`]));
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('says in one line when the credentials could change the cluster, and still scans', async () => {
    const path = write('admin.yaml', base({ token: 'write-capable' }));
    const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
    expect(code, stderr).toBe(0);
    expect(foundHostNetwork(stdout)).toBe(true);
    expect(
      stderr.split('\n').filter((line) => line.includes('these credentials can change the cluster')),
    ).toHaveLength(1);
  });

  it('warns when TLS verification is off', async () => {
    const config = base();
    delete config.clusters[0]!.cluster['certificate-authority-data'];
    config.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
    const { code, stderr } = await run([...scanArgs, '--kubeconfig', write('insecure.yaml', config)]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('insecure-skip-tls-verify is set');
  });
});

describe('the strict intake (--untrusted-kubeconfig, MESHGUARD_UNTRUSTED_KUBECONFIG=1)', () => {
  it('refuses each everyday form with the reason and the flag or setting that allows it', async () => {
    const kind = write('strict-kind.yaml', base({ clientCert: true }));
    const loopback = await run([...scanArgs, '--kubeconfig', kind, '--untrusted-kubeconfig']);
    expect(loopback.code).toBe(2);
    expect(loopback.stderr).toMatch(/loopback/);
    expect(loopback.stderr).toContain('--allow-address');
    const allowed = await run([
      ...scanArgs,
      '--kubeconfig',
      kind,
      '--untrusted-kubeconfig',
      '--allow-address',
      '127.0.0.1',
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);

    const exec = base();
    exec.users[0]!.user = execUser('client.authentication.k8s.io/v1', 'read-only');
    const refusedExec = await run([...scanArgs, '--kubeconfig', write('strict-exec.yaml', exec)], {
      MESHGUARD_UNTRUSTED_KUBECONFIG: '1',
    });
    expect(refusedExec.code).toBe(2);
    expect(refusedExec.stderr).toContain('users[0].user.exec');
    expect(refusedExec.stderr).toContain(
      'refused by --untrusted-kubeconfig (or MESHGUARD_UNTRUSTED_KUBECONFIG=1)',
    );

    const tokenFile = base();
    writeFileSync(join(dir, 'strict-token'), 'read-only');
    tokenFile.users[0]!.user = { 'token-file': 'strict-token' };
    const refusedFile = await run([
      ...scanArgs,
      '--kubeconfig',
      write('strict-token-file.yaml', tokenFile),
      '--untrusted-kubeconfig',
      '--allow-address',
      '127.0.0.1',
    ]);
    expect(refusedFile.code).toBe(2);
    expect(refusedFile.stderr).toContain('users[0].user.token-file');

    const merged = await run([...scanArgs, '--untrusted-kubeconfig'], { KUBECONFIG: kind });
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('reads only the file you name');
  });
});

describe('exec plugin tokens that expire during a scan', () => {
  const rotatingPlugin = join(here, 'fixtures/kubeconfig/rotating-credential.mjs');
  let rotating: RunningSimulator;

  beforeAll(async () => {
    // The server knows the second and later tokens only, as if the first had been revoked or had lapsed.
    const readOnly = defaultTokenScopes()['read-only'];
    rotating = await startSimulator({ objects, tokens: { 'gen-2': readOnly, 'gen-3': readOnly } });
  });
  afterAll(async () => {
    await rotating?.stop();
  });

  function rotatingKubeconfig(name: string, mode: string): { path: string; runs: () => number } {
    const counter = join(dir, `${name}.count`);
    const config = parse(rotating.kubeconfig({ token: 'gen-2' })) as Kubeconfig;
    config.users[0]!.user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [rotatingPlugin, 'client.authentication.k8s.io/v1', counter, mode],
        interactiveMode: 'Never',
      },
    };
    return { path: write(`${name}.yaml`, config), runs: () => Number(readFileSync(counter, 'utf8')) };
  }

  it('runs the plugin again when its token has expired, before sending it', async () => {
    const { path, runs } = rotatingKubeconfig('expired-first', 'expired-first');
    const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
    expect(code, stderr).toBe(0);
    expect(foundHostNetwork(stdout)).toBe(true);
    expect(runs()).toBe(2);
  });

  it('runs the plugin again once when the server refuses a token it was given (401), then carries on', async () => {
    const { path, runs } = rotatingKubeconfig('refused-first', 'valid');
    const { code, stdout, stderr } = await run([...scanArgs, '--kubeconfig', path]);
    expect(code, stderr).toBe(0);
    expect(foundHostNetwork(stdout)).toBe(true);
    expect(runs()).toBe(2);
  });
});
