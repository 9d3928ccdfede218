import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let owner: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // 127.0.0.1 stands in for a receiver; everything else private stays blocked.
  api = await startTestApi({ WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1' });
  [owner, other] = await Promise.all([api.createTenant('Hooks'), api.createTenant('Elsewhere')]);
});

afterAll(async () => {
  await api?.close();
});

describe('webhook endpoints', () => {
  it('registers an endpoint, shows its signing secret once and stores it sealed', async () => {
    const created = await api.http().post('/v1/webhooks').set(bearer(owner.token)).send({ url: 'http://127.0.0.1:9/hook', events: ['scan.new_findings'] }).expect(201);
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/hook', events: ['scan.new_findings'], enabled: true });
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await api.http().get('/v1/webhooks').set(bearer(owner.token)).expect(200);
    expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const client = new pg.Client({ connectionString: api.testDatabase!.url });
    await client.connect();
    try {
      const row = await client.query('SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [created.body.id]);
      expect(Buffer.from(row.rows[0].secret_ciphertext).toString('utf8')).not.toContain(created.body.secret);
    } finally {
      await client.end();
    }
    await api.http().get(`/v1/webhooks/${created.body.id}/deliveries`).set(bearer(owner.token)).expect(200, { items: [], nextCursor: null });
  });

  it('refuses metadata, private and malformed URLs, naming the field, and stores nothing', async () => {
    for (const url of ['http://169.254.169.254/latest', 'http://10.0.0.5/hook', 'http://[::ffff:a9fe:a9fe]/x', 'ftp://example.com/x', 'http://user:pw@127.0.0.1/x']) {
      const response = await api.http().post('/v1/webhooks').set(bearer(owner.token)).send({ url }).expect(400);
      expect(response.body.errors[0].field, url).toBe('url');
    }
    const listed = await api.http().get('/v1/webhooks').set(bearer(owner.token)).expect(200);
    expect(listed.body.items).toHaveLength(1);
  });

  it('keeps endpoints within their tenant and lets only admins change them', async () => {
    const listed = await api.http().get('/v1/webhooks').set(bearer(owner.token)).expect(200);
    const id = listed.body.items[0].id;
    await api.http().get(`/v1/webhooks/${id}/deliveries`).set(bearer(other.token)).expect(404);
    await api.http().delete(`/v1/webhooks/${id}`).set(bearer(other.token)).expect(404);
    await api.http().get('/v1/webhooks').set(bearer(other.token)).expect(200, { items: [] });
    const auditor = await api.http().post('/v1/api-keys').set(bearer(owner.token)).send({ name: 'reader', role: 'auditor' }).expect(201);
    await api.http().post('/v1/webhooks').set(bearer(auditor.body.token)).send({ url: 'http://127.0.0.1:9/x' }).expect(403);
    await api.http().delete(`/v1/webhooks/${id}`).set(bearer(owner.token)).expect(204);
    await api.http().get('/v1/webhooks').set(bearer(owner.token)).expect(200, { items: [] });
  });
});

describe('webhook URLs seen by auditors (issue 16)', () => {
  it('hide the query string a receiver may use as a credential; admins see the whole URL', async () => {
    await api.http().post('/v1/webhooks').set(bearer(owner.token)).send({ url: 'http://127.0.0.1:9/hooks/in?token=s3cr3t-receiver-token' }).expect(201);
    const auditorKey = await api.http().post('/v1/api-keys').set(bearer(owner.token)).send({ name: 'auditor', role: 'auditor' }).expect(201);
    const asAuditor = await api.http().get('/v1/webhooks').set(bearer(auditorKey.body.token)).expect(200);
    expect(JSON.stringify(asAuditor.body)).not.toContain('s3cr3t-receiver-token');
    expect(asAuditor.body.items.map((w: { url: string }) => w.url)).toContain('http://127.0.0.1:9/hooks/in');
    const asOwner = await api.http().get('/v1/webhooks').set(bearer(owner.token)).expect(200);
    expect(asOwner.body.items.map((w: { url: string }) => w.url)).toContain('http://127.0.0.1:9/hooks/in?token=s3cr3t-receiver-token');
  });
});
