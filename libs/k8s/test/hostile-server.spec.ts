import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { collectSnapshot, prepareClusterAccess, verifyAccess } from '../src/index.js';
import { startHostileApiServer } from './support/hostile-api-server.js';

const discovery: Record<string, unknown> = {
  '/version': { major: '1', minor: '30', gitVersion: 'v1.30.0' },
  '/api': { versions: ['v1'] },
  '/apis': { groups: [] },
  '/api/v1': {
    resources: [{ name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: ['get', 'list'] }],
  },
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Serves discovery for `namespaces` and allows every access review; `list` answers the namespaces list. */
function cluster(list: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path in discovery) return json(res, 200, discovery[path]);
    if (path.endsWith('selfsubjectaccessreviews')) return json(res, 201, { status: { allowed: true } });
    if (path === '/api/v1/namespaces') return list(req, res);
    json(res, 404, { kind: 'Status', reason: 'NotFound', code: 404 });
  };
}

async function collectFrom(
  list: (req: IncomingMessage, res: ServerResponse) => void,
  options: Parameters<typeof collectSnapshot>[1] = {},
) {
  const server = await startHostileApiServer(cluster(list));
  try {
    const target = await prepareClusterAccess(server.kubeconfig, { allowedAddresses: ['127.0.0.1'] });
    return await collectSnapshot(target, {
      kinds: ['namespaces'],
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      ...options,
    });
  } finally {
    await server.stop();
  }
}

describe('collection from a misbehaving API server', () => {
  it('decodes gzip-compressed lists', async () => {
    let acceptEncoding: string | undefined;
    const result = await collectFrom((req, res) => {
      acceptEncoding = req.headers['accept-encoding'];
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(
        gzipSync(
          JSON.stringify({ kind: 'NamespaceList', metadata: {}, items: [{ metadata: { name: 'zipped' } }] }),
        ),
      );
    });
    expect(acceptEncoding).toBe('gzip');
    expect(result.snapshot.resources.namespaces).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'zipped' } },
    ]);
  });

  it('stops reading a gzip bomb at the decompressed size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 2 ** 20, ' '));
    const result = await collectFrom(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(bomb);
      },
      { maxResponseBytes: 2 ** 20 },
    );
    expect(bomb.length).toBeLessThan(2 ** 20);
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'namespaces', reason: 'failed', detail: expect.stringContaining('exceeds 1048576 bytes') },
    ]);
  });

  it('does not follow redirects (which could lead to metadata endpoints)', async () => {
    const result = await collectFrom((_req, res) => {
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'namespaces', reason: 'failed', detail: expect.stringContaining('HTTP 302') },
    ]);
  });

  it('keeps server-provided error texts short', async () => {
    const result = await collectFrom((_req, res) =>
      json(res, 400, { kind: 'Status', reason: 'x'.repeat(1000), message: 'y'.repeat(100_000) }),
    );
    const detail = result.snapshot.coverage.gaps[0]!.detail;
    expect(detail.length).toBeLessThan(700);
    expect(detail).toContain('HTTP 400');
  });

  it('treats a 200 with a body that is not JSON as a failed kind, after retrying', async () => {
    let calls = 0;
    const result = await collectFrom((_req, res) => {
      calls++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"items": [');
    });
    expect(calls).toBe(2);
    expect(result.snapshot.coverage.gaps).toEqual([
      { kind: 'namespaces', reason: 'failed', detail: expect.stringContaining('not complete JSON') },
    ]);
  });
});

describe('read-only verification when the authorizer cannot enumerate rules', () => {
  async function verdictWith(allowedVerbs: string[]) {
    const server = await startHostileApiServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        if (path === '/api/v1/namespaces')
          return json(res, 200, { items: [{ metadata: { name: 'default' } }], metadata: {} });
        if (path.endsWith('selfsubjectrulesreviews')) {
          return json(res, 201, {
            status: {
              resourceRules: [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['pods'] }],
              incomplete: true,
              evaluationError: 'webhook authorizer does not support user rule resolution',
            },
          });
        }
        if (path.endsWith('selfsubjectaccessreviews')) {
          const verb = (JSON.parse(body) as { spec: { resourceAttributes: { verb: string } } }).spec
            .resourceAttributes.verb;
          return json(res, 201, { status: { allowed: allowedVerbs.includes(verb) } });
        }
        json(res, 404, { kind: 'Status', reason: 'NotFound' });
      });
    });
    try {
      return await verifyAccess(
        await prepareClusterAccess(server.kubeconfig, { allowedAddresses: ['127.0.0.1'] }),
      );
    } finally {
      await server.stop();
    }
  }

  it('says unknown when probes find no write permission but rules were incomplete', async () => {
    const verdict = await verdictWith([]);
    expect(verdict.classification).toBe('unknown');
    expect(verdict.notes.join('\n')).toMatch(/incomplete: webhook authorizer/);
  });

  it('says write-capable when an access-review probe is allowed', async () => {
    const verdict = await verdictWith(['delete', 'patch']);
    expect(verdict.classification).toBe('write-capable');
    expect(verdict.writePermissions).toEqual([
      { namespaces: '*', verbs: ['patch', 'delete'], apiGroups: ['*'], resources: ['*'] },
    ]);
  });
});
