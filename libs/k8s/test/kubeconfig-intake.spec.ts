import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { inspect } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSnapshot,
  KubeconfigRejectedError,
  prepareClusterAccess,
  type ClusterAccessOptions,
  type KubeconfigProblem,
} from '../src/index.js';
import { editKubeconfig, withServer } from './support/kubeconfig-edit.js';

const loopback: ClusterAccessOptions = { allowedAddresses: ['127.0.0.1'] };

let sim: RunningSimulator;
let good: string;

beforeAll(async () => {
  sim = await startSimulator({
    basicAuth: {
      auditor: {
        password: 's3cret-pass',
        scope: {
          user: 'auditor',
          groups: ['system:authenticated'],
          clusterRules: [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['*'] }],
        },
      },
    },
  });
  good = sim.kubeconfig({ token: 'read-only' });
});
afterAll(() => sim.stop());

/** Runs intake on a kubeconfig that must be refused; asserts the API server never heard from us. */
async function rejection(
  kubeconfig: string | Uint8Array,
  options: ClusterAccessOptions = loopback,
): Promise<KubeconfigProblem[]> {
  const before = sim.stats().requests;
  const error = await prepareClusterAccess(kubeconfig, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeconfigRejectedError);
  expect(sim.stats().requests).toBe(before);
  return (error as KubeconfigRejectedError).problems;
}

function expectProblem(problems: KubeconfigProblem[], path: string, reason: RegExp): void {
  const problem = problems.find((p) => p.path === path);
  expect(problem, `expected a problem at ${path}, got ${JSON.stringify(problems)}`).toBeDefined();
  expect(problem!.reason).toMatch(reason);
  expect(problem!.fix.length).toBeGreaterThan(10);
}

describe('kubeconfig intake: accepted credentials reach the cluster', () => {
  it('resolves current-context and reports the cluster and user it chose', async () => {
    const target = await prepareClusterAccess(good, loopback);
    expect(target.kubeconfig).toMatchObject({
      contextName: 'k8s-sim',
      clusterName: 'k8s-sim',
      userName: 'sim:read-only',
      namespace: 'default',
    });
    expect(target.kubeconfig.credential.kind).toBe('bearer-token');
    expect(target.address).toEqual({ ip: '127.0.0.1', family: 4, tlsName: '127.0.0.1' });
    const result = await collectSnapshot(target, { kinds: ['namespaces'] });
    expect(result.status).toBe('complete');
  });

  it('selects a named context among several', async () => {
    const two = editKubeconfig(good, (c) => {
      c.contexts.push({
        name: 'other',
        context: { cluster: 'k8s-sim', user: 'sim:read-only', namespace: 'kube-system' },
      });
      c['current-context'] = 'k8s-sim';
    });
    const target = await prepareClusterAccess(two, { ...loopback, context: 'other' });
    expect(target.kubeconfig.contextName).toBe('other');
    expect(target.kubeconfig.namespace).toBe('kube-system');
    expect(target.kubeconfig.availableContexts).toEqual(['k8s-sim', 'other']);
  });

  it('accepts JSON as well as YAML', async () => {
    const target = await prepareClusterAccess(JSON.stringify(parse(good)), loopback);
    expect(target.kubeconfig.contextName).toBe('k8s-sim');
  });

  it('accepts inline client certificate and key data', async () => {
    const target = await prepareClusterAccess(
      sim.kubeconfig({ token: 'read-only', clientCert: true }),
      loopback,
    );
    expect(target.kubeconfig.credential.kind).toBe('client-certificate');
    expect((await collectSnapshot(target, { kinds: ['namespaces'] })).status).toBe('complete');
  });

  it('accepts basic auth', async () => {
    const target = await prepareClusterAccess(sim.kubeconfig({ basicAuthUser: 'auditor' }), loopback);
    expect(target.kubeconfig.credential.kind).toBe('basic');
    expect((await collectSnapshot(target, { kinds: ['namespaces'], skipPreflight: true })).status).toBe(
      'complete',
    );
  });

  it('never prints the credential when the parsed kubeconfig is logged or serialized', async () => {
    const target = await prepareClusterAccess(sim.kubeconfig({ basicAuthUser: 'auditor' }), loopback);
    expect(JSON.stringify(target)).not.toContain('s3cret-pass');
    expect(inspect(target, { depth: 10 })).not.toContain('s3cret-pass');
    expect(`${String(target.kubeconfig.credential)}`).not.toContain('s3cret-pass');
  });

  it('allows insecure-skip-tls-verify only when the caller explicitly allows it', async () => {
    const insecure = editKubeconfig(good, (c) => {
      delete c.clusters[0]!.cluster['certificate-authority-data'];
      c.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
    });
    const target = await prepareClusterAccess(insecure, { ...loopback, allowInsecureSkipTlsVerify: true });
    expect(target.kubeconfig.tls.insecureSkipTlsVerify).toBe(true);
    expect((await collectSnapshot(target, { kinds: ['namespaces'] })).status).toBe('complete');
  });
});

describe('kubeconfig intake: rejections (each names the field, the reason and a fix, and contacts nothing)', () => {
  it('rejects exec users', async () => {
    const bad = editKubeconfig(
      good,
      (c) =>
        (c.users[0]!.user.exec = {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'aws',
          args: ['eks', 'get-token'],
        }),
    );
    expectProblem(await rejection(bad), 'users[0].user.exec', /runs a local command/);
  });

  it('rejects auth-provider users', async () => {
    const bad = editKubeconfig(
      good,
      (c) => (c.users[0]!.user['auth-provider'] = { name: 'gcp', config: { 'cmd-path': '/usr/bin/gcloud' } }),
    );
    expectProblem(await rejection(bad), 'users[0].user.auth-provider', /auth-provider plugin/);
  });

  it('rejects certificate-authority file references', async () => {
    const bad = editKubeconfig(
      good,
      (c) => (c.clusters[0]!.cluster['certificate-authority'] = '/etc/kubernetes/pki/ca.crt'),
    );
    expectProblem(await rejection(bad), 'clusters[0].cluster.certificate-authority', /refers to a file/);
  });

  it('rejects client-certificate file references', async () => {
    const bad = editKubeconfig(
      good,
      (c) => (c.users[0]!.user['client-certificate'] = '/root/.kube/client.crt'),
    );
    expectProblem(await rejection(bad), 'users[0].user.client-certificate', /refers to a file/);
  });

  it('rejects client-key file references', async () => {
    const bad = editKubeconfig(good, (c) => (c.users[0]!.user['client-key'] = '/etc/shadow'));
    expectProblem(await rejection(bad), 'users[0].user.client-key', /refers to a file/);
  });

  it('rejects tokenFile references', async () => {
    const bad = editKubeconfig(good, (c) => {
      delete c.users[0]!.user.token;
      c.users[0]!.user.tokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';
    });
    expectProblem(await rejection(bad), 'users[0].user.tokenFile', /refers to a file/);
  });

  it('rejects http:// servers', async () => {
    expectProblem(
      await rejection(withServer(good, `http://127.0.0.1:${sim.port}`)),
      'clusters[0].cluster.server',
      /http:\/\/.*unencrypted/,
    );
  });

  it('rejects insecure-skip-tls-verify unless allowed', async () => {
    const bad = editKubeconfig(good, (c) => {
      delete c.clusters[0]!.cluster['certificate-authority-data'];
      c.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
    });
    expectProblem(
      await rejection(bad),
      'clusters[0].cluster.insecure-skip-tls-verify',
      /turns off verification/,
    );
  });

  it('rejects proxy-url', async () => {
    const bad = editKubeconfig(good, (c) => (c.clusters[0]!.cluster['proxy-url'] = 'socks5://10.0.0.1:1080'));
    expectProblem(await rejection(bad), 'clusters[0].cluster.proxy-url', /proxy/);
  });

  it('rejects impersonation', async () => {
    const bad = editKubeconfig(good, (c) => (c.users[0]!.user.as = 'system:admin'));
    expectProblem(await rejection(bad), 'users[0].user.as', /impersonate/);
  });

  it('rejects a token with a line break (header injection)', async () => {
    const bad = editKubeconfig(good, (c) => (c.users[0]!.user.token = 'read-only\r\nX-Injected: 1'));
    expectProblem(await rejection(bad), 'users[0].user.token', /control characters/);
  });

  it('rejects a user without any credential', async () => {
    const bad = editKubeconfig(good, (c) => (c.users[0]!.user = {}));
    expectProblem(await rejection(bad), 'users[0].user', /no credential/);
  });

  it('rejects unknown fields, which may be misspelt dangerous ones', async () => {
    const bad = editKubeconfig(good, (c) => (c.users[0]!.user['token-file'] = '/etc/passwd'));
    expectProblem(await rejection(bad), 'users[0].user.token-file', /not a kubeconfig field/);
  });

  it('rejects certificate-authority-data that is not a certificate', async () => {
    const bad = editKubeconfig(
      good,
      (c) =>
        (c.clusters[0]!.cluster['certificate-authority-data'] = Buffer.from(
          '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----',
        ).toString('base64')),
    );
    expectProblem(await rejection(bad), 'clusters[0].cluster.certificate-authority-data', /readable X\.509/);
  });

  it('rejects a client certificate without its key', async () => {
    const bad = editKubeconfig(
      sim.kubeconfig({ clientCert: true }),
      (c) => delete c.users[0]!.user['client-key-data'],
    );
    expectProblem(await rejection(bad), 'users[0].user.client-key-data', /missing/);
  });

  it('reports every problem at once', async () => {
    const bad = editKubeconfig(good, (c) => {
      c.users[0]!.user.exec = { command: 'sh' };
      c.clusters[0]!.cluster['proxy-url'] = 'http://proxy:3128';
    });
    const problems = await rejection(bad);
    expect(problems.map((p) => p.path).sort()).toEqual([
      'clusters[0].cluster.proxy-url',
      'users[0].user.exec',
    ]);
  });

  it('rejects a named context that does not exist, listing the ones that do', async () => {
    const problems = await rejection(good, { ...loopback, context: 'prod' });
    expectProblem(problems, 'contexts', /"prod"/);
    expect(problems[0]!.fix).toContain('k8s-sim');
  });

  it('rejects several contexts without current-context', async () => {
    const bad = editKubeconfig(good, (c) => {
      c.contexts.push({ name: 'b', context: { cluster: 'k8s-sim', user: 'sim:read-only' } });
      delete c['current-context'];
    });
    expectProblem(await rejection(bad), 'current-context', /several contexts/);
  });

  it('rejects oversized input', async () => {
    const big = good + `\n# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    expectProblem(await rejection(big), '(document)', /larger than the 1048576-byte limit/);
  });

  it('rejects malformed YAML with the line', async () => {
    expectProblem(
      await rejection('apiVersion: v1\nclusters: [\n  - name: a\n'),
      '(document)',
      /not valid YAML or JSON at line/,
    );
  });

  it('rejects non-UTF-8 bytes', async () => {
    expectProblem(await rejection(new Uint8Array([0xff, 0xfe, 0x00, 0x41])), '(document)', /not UTF-8/);
  });

  it('rejects YAML aliases (entity expansion)', async () => {
    const bomb = 'a: &a ["x","x","x"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n';
    expectProblem(await rejection(bomb), '(document)', /cannot be read/);
  });

  it('rejects something that is not a kubeconfig', async () => {
    expectProblem(await rejection('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n'), 'kind', /not Config/);
  });
});

describe('kubeconfig intake: server address checks on the address actually connected to', () => {
  const blocked: [string, string, RegExp][] = [
    ['loopback', 'https://127.0.0.1:PORT', /loopback/],
    ['loopback written in decimal', 'https://2130706433:PORT', /127\.0\.0\.1 is a loopback/],
    ['loopback written in octal', 'https://0177.0.0.1:PORT', /127\.0\.0\.1 is a loopback/],
    ['loopback written in hex', 'https://0x7f000001:PORT', /127\.0\.0\.1 is a loopback/],
    ['loopback as IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]:PORT', /127\.0\.0\.1 is a loopback/],
    ['IPv6 loopback', 'https://[::1]:PORT', /::1 is a loopback/],
    ['loopback through NAT64', 'https://[64:ff9b::7f00:1]:PORT', /embeds 127\.0\.0\.1/],
    ['the unspecified address', 'https://0.0.0.0:PORT', /unspecified/],
    ['link-local', 'https://169.254.10.1:PORT', /link-local/],
    ['cloud metadata 169.254.169.254', 'https://169.254.169.254', /instance-metadata/],
    ['AWS IPv6 metadata fd00:ec2::254', 'https://[fd00:ec2::254]', /instance-metadata service \(IPv6\)/],
    ['Alibaba metadata 100.100.100.200', 'https://100.100.100.200', /Alibaba/],
    ['IPv6 link-local', 'https://[fe80::1]:PORT', /link-local/],
  ];
  for (const [name, server, reason] of blocked) {
    it(`rejects ${name} without an allowlist entry`, async () => {
      const problems = await rejection(withServer(good, server.replace('PORT', String(sim.port))), {});
      expectProblem(problems, 'clusters[0].cluster.server', reason);
    });
  }

  it('rejects a host name that resolves to loopback', async () => {
    const problems = await rejection(withServer(good, `https://localhost:${sim.port}`), {});
    expectProblem(problems, 'clusters[0].cluster.server', /host localhost resolves to .*loopback/);
  });

  it('rejects a host name if any of its addresses is blocked', async () => {
    const resolver = async () => ['127.0.0.1', '169.254.169.254'];
    const problems = await rejection(withServer(good, `https://api.example.test:${sim.port}`), {
      ...loopback,
      resolver,
    });
    expectProblem(problems, 'clusters[0].cluster.server', /169\.254\.169\.254/);
  });

  it('an allowlist entry does not open other blocked addresses', async () => {
    expectProblem(
      await rejection(withServer(good, `https://[::1]:${sim.port}`), loopback),
      'clusters[0].cluster.server',
      /loopback/,
    );
  });

  it('pins the first resolution: a rebinding DNS answer is never asked for or used', async () => {
    const answers = [['127.0.0.1'], ['169.254.169.254']];
    let lookups = 0;
    const resolver = async () => answers[Math.min(lookups++, 1)]!;
    const target = await prepareClusterAccess(withServer(good, `https://localhost:${sim.port}`), {
      ...loopback,
      resolver,
    });
    expect(target.address).toEqual({ ip: '127.0.0.1', family: 4, tlsName: 'localhost' });
    const before = sim.stats().requests;
    const result = await collectSnapshot(target, { kinds: ['namespaces', 'pods', 'services'] });
    expect(result.status).toBe('complete');
    expect(lookups).toBe(1);
    expect(sim.stats().requests - before).toBe(result.stats.requests);
  });

  it('verifies the certificate against the original host name, not the pinned address', async () => {
    const resolver = async () => ['127.0.0.1'];
    const target = await prepareClusterAccess(withServer(good, `https://kube.example.test:${sim.port}`), {
      ...loopback,
      resolver,
    });
    const error = await collectSnapshot(target, { kinds: ['namespaces'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KubeApiError', status: 0 });
    expect((error as Error).message).toMatch(/kube\.example\.test|altnames/i);
  });

  it('connects to an allowlisted IPv6 address (pinned with its family, Host header bracketed)', async () => {
    const v6 = await startSimulator({ host: '::1' });
    try {
      const target = await prepareClusterAccess(v6.kubeconfig(), { allowedAddresses: ['::1/128'] });
      expect(target.address).toEqual({ ip: '::1', family: 6, tlsName: '::1' });
      expect((await collectSnapshot(target, { kinds: ['namespaces'] })).status).toBe('complete');
    } finally {
      await v6.stop();
    }
  });

  it('reports a host that does not resolve', async () => {
    const resolver = async (): Promise<string[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    expectProblem(
      await rejection(withServer(good, 'https://nowhere.invalid:6443'), { resolver }),
      'clusters[0].cluster.server',
      /does not resolve/,
    );
  });
});
