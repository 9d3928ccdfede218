import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPingEvent,
  buildScanFindingsEvent,
  deliverWebhook,
  generateEndpointSecret,
  verifyWebhookSignature,
  type ScanFindingsEvent,
  type WebhookEndpointTarget,
} from '../src/index.js';
import { startReceiver, type LocalReceiver } from './support/local-receiver.js';
import { selfSignedCertificate, type TestCertificate } from './support/test-certificate.js';

const loopbackOnly = ['127.0.0.1'];
const event = buildScanFindingsEvent({
  tenantId: 'tenant-a',
  cluster: { id: 'cluster-1', name: 'prod-eu' },
  scan: { id: 'scan-2', completedAt: '2026-11-27T03:00:00.000Z', previousScanId: 'scan-1' },
  newFindings: [
    {
      ruleId: 'netpol-namespace-default-deny',
      severity: 'high',
      resource: { apiVersion: 'v1', kind: 'Namespace', name: 'payments' },
    },
  ],
  links: {
    scan: 'https://meshguard.example/v1/scans/scan-2',
    findings: 'https://meshguard.example/v1/scans/scan-2/findings',
  },
}) as ScanFindingsEvent;

const receivers: LocalReceiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<LocalReceiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function endpoint(url: string, secrets = [generateEndpointSecret()]): WebhookEndpointTarget {
  return { id: 'endpoint-1', url, secrets };
}

/** Counts the HTTP(S) requests this process starts while `run` runs (both modules publish on this channel). */
async function outgoingRequestsDuring(run: () => Promise<unknown>): Promise<number> {
  let requests = 0;
  const onRequest = () => (requests += 1);
  subscribe('http.client.request.start', onRequest);
  try {
    await run();
  } finally {
    unsubscribe('http.client.request.start', onRequest);
  }
  return requests;
}

describe('deliverWebhook to a real local receiver', () => {
  it('delivers a body the receiver verifies with verifyWebhookSignature alone', async () => {
    const secret = generateEndpointSecret();
    const verdicts: unknown[] = [];
    const hook = await receiver((request, response) => {
      verdicts.push(verifyWebhookSignature(request.rawBody, request.headers['meshguard-signature'], secret));
      response.writeHead(202, { 'content-type': 'text/plain' }).end('queued');
    });

    const result = await deliverWebhook(endpoint(hook.url('/in?src=mg'), [secret]), event, 1, {
      allowlist: loopbackOnly,
    });

    expect(verdicts).toEqual([{ ok: true, timestamp: expect.any(Number) }]);
    const [request] = hook.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/in?src=mg' });
    expect(JSON.parse(request!.rawBody.toString())).toEqual(event);
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'meshguard-event-id': event.id,
      'meshguard-event-type': 'scan.new_findings',
      'meshguard-event-version': '1',
      'meshguard-delivery-attempt': '1',
    });
    expect(result.outcome).toBe('delivered');
    expect(result.record).toMatchObject({
      tenantId: 'tenant-a',
      endpointId: 'endpoint-1',
      eventId: event.id,
      eventType: 'scan.new_findings',
      attempt: 1,
      outcome: 'delivered',
      address: '127.0.0.1',
      statusCode: 202,
      responseSnippet: 'queued',
    });
    expect(result.record.error).toBeUndefined();
    expect(result.record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('delivers a ping event the same way', async () => {
    const secret = generateEndpointSecret();
    const hook = await receiver((request, response) => {
      const verdict = verifyWebhookSignature(request.rawBody, request.headers['meshguard-signature'], secret);
      response.writeHead(verdict.ok ? 200 : 400).end();
    });
    const ping = buildPingEvent({ tenantId: 'tenant-a', endpointId: 'endpoint-1' });
    const result = await deliverWebhook(endpoint(hook.url(), [secret]), ping, 1, { allowlist: loopbackOnly });
    expect(result.record).toMatchObject({ outcome: 'delivered', statusCode: 200, eventType: 'webhook.ping' });
    expect(JSON.parse(hook.requests[0]!.rawBody.toString())).toMatchObject({
      type: 'webhook.ping',
      version: 1,
    });
  });

  it('signs with every secret during a rotation, so a receiver still on the old secret accepts', async () => {
    const [current, previous] = [generateEndpointSecret(), generateEndpointSecret()];
    const hook = await receiver((_request, response) => response.writeHead(200).end());
    await deliverWebhook(endpoint(hook.url(), [current, previous]), event, 1, { allowlist: loopbackOnly });
    const { rawBody, headers } = hook.requests[0]!;
    expect(verifyWebhookSignature(rawBody, headers['meshguard-signature'], previous).ok).toBe(true);
    expect(verifyWebhookSignature(rawBody, headers['meshguard-signature'], current).ok).toBe(true);
  });

  it('lets the receiver reject a tampered body, a wrong secret and an old timestamp', async () => {
    const secret = generateEndpointSecret();
    const hook = await receiver((_request, response) => response.writeHead(200).end());
    await deliverWebhook(endpoint(hook.url(), [secret]), event, 1, { allowlist: loopbackOnly });
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await deliverWebhook(endpoint(hook.url(), [secret]), event, 2, {
      allowlist: loopbackOnly,
      now: () => tenMinutesAgo,
    });
    const [fresh, stale] = hook.requests;
    const header = fresh!.headers['meshguard-signature'];

    const tampered = Buffer.from(fresh!.rawBody.toString().replace('"high":1', '"high":0'));
    expect(tampered.equals(fresh!.rawBody)).toBe(false);
    expect(verifyWebhookSignature(tampered, header, secret)).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verifyWebhookSignature(fresh!.rawBody, header, generateEndpointSecret())).toMatchObject({
      reason: 'signature-mismatch',
    });
    expect(
      verifyWebhookSignature(stale!.rawBody, stale!.headers['meshguard-signature'], secret),
    ).toMatchObject({
      reason: 'timestamp-outside-tolerance',
    });
  });

  it('classifies 5xx as retryable (with Retry-After), 410 as gone and other 4xx as failed', async () => {
    const statuses = [503, 410, 422];
    const hook = await receiver((_request, response) => {
      const status = statuses.shift()!;
      response.writeHead(status, status === 503 ? { 'retry-after': '120' } : {}).end(`status ${status}`);
    });
    const target = endpoint(hook.url());
    const unavailable = await deliverWebhook(target, event, 1, { allowlist: loopbackOnly });
    const gone = await deliverWebhook(target, event, 2, { allowlist: loopbackOnly });
    const rejected = await deliverWebhook(target, event, 3, { allowlist: loopbackOnly });

    expect(unavailable).toMatchObject({ outcome: 'retryable', retryAfterMs: 120_000 });
    expect(unavailable.record).toMatchObject({ statusCode: 503, error: 'the endpoint answered HTTP 503' });
    expect(gone.outcome).toBe('gone');
    expect(gone.record).toMatchObject({ statusCode: 410, attempt: 2, responseSnippet: 'status 410' });
    expect(rejected.outcome).toBe('failed');
    expect(rejected.retryAfterMs).toBeUndefined();
  });

  it('does not follow a redirect', async () => {
    const elsewhere = await receiver((_request, response) => response.writeHead(200).end());
    const hook = await receiver((_request, response) =>
      response.writeHead(307, { location: elsewhere.url() }).end(),
    );
    const result = await deliverWebhook(endpoint(hook.url()), event, 1, { allowlist: loopbackOnly });
    expect(result.outcome).toBe('failed');
    expect(result.record.statusCode).toBe(307);
    expect(result.record.error).toMatch(/redirects are not followed/);
    expect(elsewhere.connections()).toBe(0);
  });

  it('honours the timeout when the receiver never answers, and when it drips the body', async () => {
    const silent = await receiver(() => undefined);
    const dripping = await receiver((_request, response) => {
      response.writeHead(200);
      response.write('a');
    });
    for (const hook of [silent, dripping]) {
      const result = await deliverWebhook(endpoint(hook.url()), event, 1, {
        allowlist: loopbackOnly,
        timeoutMs: 300,
      });
      expect(result.outcome).toBe('retryable');
      expect(result.record.error).toMatch(/timed out: no complete response within 300 ms/);
      expect(result.record.durationMs).toBeGreaterThanOrEqual(290);
      expect(result.record.durationMs).toBeLessThan(10_000);
      expect(hook.requests).toHaveLength(1);
    }
  });

  it('retries when nothing listens or the host does not resolve', async () => {
    const port = await closedPort();
    const refused = await deliverWebhook(endpoint(`http://127.0.0.1:${port}/`), event, 1, {
      allowlist: loopbackOnly,
    });
    expect(refused.outcome).toBe('retryable');
    expect(refused.record.error).toMatch(/ECONNREFUSED/);

    const unresolvable = await deliverWebhook(endpoint('https://hooks.meshguard.test/'), event, 1, {
      resolver: () => Promise.reject(new Error('ENOTFOUND hooks.meshguard.test')),
    });
    expect(unresolvable.outcome).toBe('retryable');
    expect(unresolvable.record.error).toMatch(/does not resolve \(ENOTFOUND/);
  });

  it('refuses to send unsigned deliveries', async () => {
    const hook = await receiver((_request, response) => response.writeHead(200).end());
    await expect(
      deliverWebhook(endpoint(hook.url(), []), event, 1, { allowlist: loopbackOnly }),
    ).rejects.toThrow(/has no signing secret/);
    expect(hook.connections()).toBe(0);
  });

  it('keeps the endpoint secret out of the response snippet and truncates it', async () => {
    const secret = generateEndpointSecret();
    const hook = await receiver((_request, response) =>
      response.writeHead(400).end(`bad signature for secret ${secret}; ${'x'.repeat(5000)}`),
    );
    const result = await deliverWebhook(endpoint(hook.url(), [secret]), event, 1, {
      allowlist: loopbackOnly,
    });
    expect(result.record.responseSnippet).toMatch(/^bad signature for secret \[redacted\]; x+…$/);
    expect(result.record.responseSnippet!.length).toBe(1025);
    expect(JSON.stringify(result.record)).not.toContain(secret);
  });
});

describe('deliverWebhook address restrictions', () => {
  let hook: LocalReceiver;
  beforeAll(async () => {
    hook = await startReceiver((_request, response) => response.writeHead(200).end());
    return () => hook.close();
  });

  it.each([
    ['loopback', (port: number) => `http://127.0.0.1:${port}/hook`, /loopback/],
    ['decimal loopback', (port: number) => `http://2130706433:${port}/hook`, /loopback/],
    ['hex loopback', (port: number) => `http://0x7f000001:${port}/hook`, /loopback/],
    ['IPv6-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`, /loopback/],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/hook`, /loopback/],
  ])('refuses %s without an allowlist, without connecting', async (_label, url, reason) => {
    let result: Awaited<ReturnType<typeof deliverWebhook>> | undefined;
    const requests = await outgoingRequestsDuring(
      async () => (result = await deliverWebhook(endpoint(url(hook.port)), event, 1)),
    );
    expect(requests).toBe(0);
    expect(hook.connections()).toBe(0);
    expect(result!.outcome).toBe('failed');
    expect(result!.record.error).toMatch(reason);
    expect(result!.record.address).toBeUndefined();
  });

  it('refuses loopback addresses outside the allowlist even when other loopback addresses are allowlisted', async () => {
    let result: Awaited<ReturnType<typeof deliverWebhook>> | undefined;
    const requests = await outgoingRequestsDuring(
      async () =>
        (result = await deliverWebhook(
          endpoint(`http://loopback.meshguard.test:${hook.port}/hook`),
          event,
          1,
          {
            allowlist: ['127.0.0.2'],
            resolver: async () => ['127.0.0.1'],
          },
        )),
    );
    expect(requests).toBe(0);
    expect(hook.connections()).toBe(0);
    expect(result!.outcome).toBe('failed');
    expect(result!.record.error).toMatch(
      /host loopback\.meshguard\.test resolves to 127\.0\.0\.1 is a loopback address/,
    );
  });

  it('refuses a name when any address it resolves to is blocked, even if the first one is allowed', async () => {
    let result: Awaited<ReturnType<typeof deliverWebhook>> | undefined;
    const requests = await outgoingRequestsDuring(
      async () =>
        (result = await deliverWebhook(endpoint(`http://hooks.meshguard.test:${hook.port}/hook`), event, 1, {
          allowlist: loopbackOnly,
          resolver: async () => ['127.0.0.1', '192.168.0.10'],
        })),
    );
    expect(requests).toBe(0);
    expect(hook.connections()).toBe(0);
    expect(result!.outcome).toBe('failed');
    expect(result!.record.error).toMatch(
      /host hooks\.meshguard\.test resolves to 192\.168\.0\.10 is a private-network/,
    );
  });

  it('resolves once and connects to the pinned address with the original Host header (no DNS rebinding)', async () => {
    const answers = [['127.0.0.1'], ['10.9.9.9']];
    let lookups = 0;
    let result: Awaited<ReturnType<typeof deliverWebhook>> | undefined;
    const requests = await outgoingRequestsDuring(
      async () =>
        (result = await deliverWebhook(endpoint(`http://hooks.meshguard.test:${hook.port}/hook`), event, 1, {
          allowlist: loopbackOnly,
          resolver: async () => answers[lookups++]!,
        })),
    );
    expect(requests).toBe(1);
    expect(result!.outcome).toBe('delivered');
    expect(lookups).toBe(1);
    expect(result!.record.address).toBe('127.0.0.1');
    expect(hook.requests.at(-1)!.headers.host).toBe(`hooks.meshguard.test:${hook.port}`);
  });
});

describe('deliverWebhook over HTTPS', () => {
  let certificate: TestCertificate;
  beforeAll(() => {
    certificate = selfSignedCertificate(['hooks.meshguard.test']);
  });

  it('sends SNI and Host for the configured name and checks the certificate against it', async () => {
    const secret = generateEndpointSecret();
    const hook = await receiver((request, response) => {
      const verdict = verifyWebhookSignature(request.rawBody, request.headers['meshguard-signature'], secret);
      response.writeHead(verdict.ok ? 204 : 401).end();
    }, certificate);
    const result = await deliverWebhook(
      endpoint(`https://hooks.meshguard.test:${hook.port}/hook`, [secret]),
      event,
      1,
      {
        allowlist: loopbackOnly,
        resolver: async () => ['127.0.0.1'],
        ca: certificate.cert,
      },
    );
    expect(result.outcome).toBe('delivered');
    expect(result.record.statusCode).toBe(204);
    expect(hook.requests[0]).toMatchObject({ servername: 'hooks.meshguard.test' });
    expect(hook.requests[0]!.headers.host).toBe(`hooks.meshguard.test:${hook.port}`);
  });

  it('fails (retryably) when the certificate does not name the host, and sends nothing', async () => {
    const hook = await receiver((_request, response) => response.writeHead(200).end(), certificate);
    const result = await deliverWebhook(
      endpoint(`https://other.meshguard.test:${hook.port}/hook`),
      event,
      1,
      {
        allowlist: loopbackOnly,
        resolver: async () => ['127.0.0.1'],
        ca: certificate.cert,
      },
    );
    expect(result.outcome).toBe('retryable');
    expect(result.record.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate/);
    expect(hook.requests).toHaveLength(0);
  });

  it('does not trust an unknown CA', async () => {
    const hook = await receiver((_request, response) => response.writeHead(200).end(), certificate);
    const result = await deliverWebhook(
      endpoint(`https://hooks.meshguard.test:${hook.port}/hook`),
      event,
      1,
      {
        allowlist: loopbackOnly,
        resolver: async () => ['127.0.0.1'],
      },
    );
    expect(result.outcome).toBe('retryable');
    expect(result.record.error).toMatch(/SELF_SIGNED|self.signed/i);
    expect(hook.requests).toHaveLength(0);
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
