import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultTokenScopes, readOnlyScope, startSimulator, type RunningSimulator } from '../src/index.js';
import { call } from './https-client.js';
import { namespaces, networkPolicy, pods, secret } from './fixture-objects.js';

function kubeconfigUser(yamlText: string): Record<string, string> {
  const doc = parse(yamlText) as { users: { user: Record<string, string> }[] };
  return doc.users[0]!.user;
}

describe('authentication', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      objects: [...namespaces, ...pods(3), secret, networkPolicy],
      basicAuth: { alice: { password: 'wonderland', scope: readOnlyScope('alice') } },
    });
  });
  afterAll(() => sim.stop());

  it('accepts a known bearer token', async () => {
    expect((await call(sim, '/api/v1/pods', { token: 'read-only' })).status).toBe(200);
  });

  it('answers an unknown token, a missing credential and a wrong password with a 401 Status', async () => {
    for (const creds of [{ token: 'not-a-token' }, {}, { basic: { username: 'alice', password: 'nope' } }]) {
      const res = await call(sim, '/api/v1/pods', creds);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    expect((await call(sim, '/version', { token: 'not-a-token' })).status).toBe(401);
  });

  it('accepts basic auth for configured users', async () => {
    expect(
      (await call(sim, '/api/v1/pods', { basic: { username: 'alice', password: 'wonderland' } })).status,
    ).toBe(200);
  });

  it('authenticates client certificates from its kubeconfig with the identity of the chosen token', async () => {
    const user = kubeconfigUser(sim.kubeconfig({ token: 'forbidden-secrets', clientCert: true }));
    const cert = {
      certPem: Buffer.from(user['client-certificate-data']!, 'base64').toString(),
      keyPem: Buffer.from(user['client-key-data']!, 'base64').toString(),
    };
    expect((await call(sim, '/api/v1/pods', { cert })).status).toBe(200);
    expect((await call(sim, '/api/v1/secrets', { cert })).status).toBe(403);
    const who = await call(sim, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      cert,
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(who.json).toMatchObject({ status: { userInfo: { username: 'sim:forbidden-secrets' } } });
  });

  it('authenticates an unknown certificate user from its CA with no permissions (403), and rejects a foreign CA (401)', async () => {
    const stranger = await sim.issueClientCertificate({ user: 'mallory', groups: ['devs'] });
    const res = await call(sim, '/api/v1/pods', { cert: stranger });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      reason: 'Forbidden',
      message: expect.stringContaining('User "mallory" cannot list resource "pods"'),
    });
    const other = await startSimulator({ objects: [] });
    try {
      const foreign = await other.issueClientCertificate({ user: 'sim:read-only' });
      expect((await call(sim, '/api/v1/pods', { cert: foreign })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('writes self-contained kubeconfigs: inline CA, server URL, token', () => {
    const doc = parse(sim.kubeconfig({ token: 'write-capable', context: 'ctx' })) as {
      clusters: { cluster: Record<string, string> }[];
      contexts: { name: string }[];
      'current-context': string;
      users: { user: Record<string, string> }[];
    };
    expect(doc.clusters[0]?.cluster.server).toBe(sim.url);
    expect(Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toBe(
      sim.caPem,
    );
    expect(doc['current-context']).toBe('ctx');
    expect(doc.users[0]?.user.token).toBe('write-capable');
    expect(() => sim.kubeconfig({ token: 'unknown' })).toThrow(
      /unknown token "unknown"; known tokens: read-only/,
    );
  });
});

describe('authorization', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      objects: [
        ...namespaces,
        { ...namespaces[0]!, metadata: { name: 'default' } },
        ...pods(3),
        secret,
        networkPolicy,
      ],
    });
  });
  afterAll(() => sim.stop());

  const probes: { resource: string; group: string; path: (ns?: string) => string }[] = [
    { resource: 'pods', group: '', path: (ns) => (ns ? `/api/v1/namespaces/${ns}/pods` : '/api/v1/pods') },
    {
      resource: 'secrets',
      group: '',
      path: (ns) => (ns ? `/api/v1/namespaces/${ns}/secrets` : '/api/v1/secrets'),
    },
    {
      resource: 'networkpolicies',
      group: 'networking.k8s.io',
      path: (ns) =>
        ns
          ? `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`
          : '/apis/networking.k8s.io/v1/networkpolicies',
    },
    {
      resource: 'clusterroles',
      group: 'rbac.authorization.k8s.io',
      path: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    },
  ];

  it('answers SelfSubjectAccessReview exactly as it enforces reads, for every default token', async () => {
    let denied = 0;
    for (const token of Object.keys(defaultTokenScopes())) {
      for (const probe of probes) {
        for (const ns of probe.resource === 'clusterroles' ? [undefined] : [undefined, 'default', 'ns-a']) {
          const review = await call(sim, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
            token,
            method: 'POST',
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  verb: 'list',
                  group: probe.group,
                  resource: probe.resource,
                  ...(ns ? { namespace: ns } : {}),
                },
              },
            },
          });
          expect(review.status).toBe(201);
          const allowed = (review.json as { status: { allowed: boolean } }).status.allowed;
          const read = await call(sim, probe.path(ns), { token });
          expect({ token, probe: probe.resource, ns, status: read.status }).toEqual({
            token,
            probe: probe.resource,
            ns,
            status: allowed ? 200 : 403,
          });
          if (!allowed) denied++;
        }
      }
    }
    expect(denied).toBeGreaterThan(5);
  });

  it('reports the same rules in SelfSubjectRulesReview, including namespace-only grants', async () => {
    const review = async (token: string, namespace: string) =>
      (
        await call(sim, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
          token,
          method: 'POST',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectRulesReview',
            spec: { namespace },
          },
        })
      ).json as {
        status: {
          resourceRules: {
            verbs: string[];
            apiGroups: string[];
            resources: string[];
            resourceNames?: string[];
          }[];
          nonResourceRules: unknown[];
          incomplete: boolean;
        };
      };
    const ro = await review('read-only', 'ns-a');
    expect(ro.status.incomplete).toBe(false);
    expect(ro.status.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['*'],
      resources: ['*'],
    });
    expect(
      ro.status.resourceRules
        .filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)))
        .flatMap((r) => r.resources),
    ).toEqual(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);
    const fs = await review('forbidden-secrets', 'ns-a');
    expect(fs.status.resourceRules.flatMap((r) => r.resources)).not.toContain('secrets');
    expect(fs.status.resourceRules.flatMap((r) => r.resources)).toContain('networkpolicies');
    const writerDefault = await review('limited-writer', 'default');
    expect(writerDefault.status.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: [''],
      resources: ['pods/exec'],
    });
    expect(writerDefault.status.resourceRules).toContainEqual({
      verbs: ['delete'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app-settings'],
    });
    const writerElsewhere = await review('limited-writer', 'ns-a');
    expect(writerElsewhere.status.resourceRules.flatMap((r) => r.resources)).not.toContain('pods/exec');
    const nsReader = await review('namespace-reader', 'default');
    expect(nsReader.status.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['*'],
      resources: ['*'],
    });
  });

  it('evaluates subresources, resource names and write verbs in access reviews', async () => {
    const ssar = async (token: string, attrs: Record<string, string>) =>
      (
        (
          await call(sim, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
            token,
            method: 'POST',
            body: {
              kind: 'SelfSubjectAccessReview',
              apiVersion: 'authorization.k8s.io/v1',
              spec: { resourceAttributes: attrs },
            },
          })
        ).json as { status: { allowed: boolean } }
      ).status.allowed;
    expect(
      await ssar('limited-writer', {
        verb: 'create',
        resource: 'pods',
        subresource: 'exec',
        namespace: 'default',
      }),
    ).toBe(true);
    expect(
      await ssar('limited-writer', {
        verb: 'create',
        resource: 'pods',
        subresource: 'exec',
        namespace: 'ns-a',
      }),
    ).toBe(false);
    expect(
      await ssar('limited-writer', {
        verb: 'delete',
        resource: 'configmaps',
        namespace: 'default',
        name: 'app-settings',
      }),
    ).toBe(true);
    expect(
      await ssar('limited-writer', {
        verb: 'delete',
        resource: 'configmaps',
        namespace: 'default',
        name: 'other',
      }),
    ).toBe(false);
    expect(await ssar('write-capable', { verb: 'delete', resource: 'secrets' })).toBe(true);
    expect(
      await ssar('read-only', { verb: 'create', resource: 'deployments', group: 'apps', namespace: 'ns-a' }),
    ).toBe(false);
    const bad = await call(sim, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      token: 'read-only',
      method: 'POST',
      body: { kind: 'SelfSubjectAccessReview', spec: {} },
    });
    expect(bad.status).toBe(422);
  });

  it('answers a forbidden read with a Forbidden Status that names user, verb, resource and scope', async () => {
    const res = await call(sim, '/api/v1/namespaces/ns-a/secrets', { token: 'forbidden-secrets' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'secrets is forbidden: User "sim:forbidden-secrets" cannot list resource "secrets" in API group "" in the namespace "ns-a"',
    });
  });
});
