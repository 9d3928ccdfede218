import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let owner: TestTenant;
let other: TestTenant;
const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();

beforeAll(async () => {
  api = await startTestApi();
  [owner, other] = await Promise.all([api.createTenant('Waivers'), api.createTenant('Others')]);
});

afterAll(async () => {
  await api?.close();
});

const create = (token: string, body: Record<string, unknown>) => api.http().post('/v1/exceptions').set(bearer(token)).send(body);

describe('exceptions', () => {
  it('creates a waiver with justification, owner and expiry, lists it as active, and revokes it', async () => {
    const created = await create(owner.token, {
      ruleId: 'container-privileged',
      namespacePattern: 'kube-*',
      kind: 'DaemonSet',
      justification: 'CNI agent needs privileged mode to program the node',
      owner: 'platform-team',
      expiresAt: nextYear,
    }).expect(201);
    expect(created.body).toMatchObject({ ruleId: 'container-privileged', namespacePattern: 'kube-*', namePattern: '*', mode: 'except', revokedAt: null });
    const active = await api.http().get('/v1/exceptions').set(bearer(owner.token)).expect(200);
    expect(active.body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    await api.http().delete(`/v1/exceptions/${created.body.id}`).set(bearer(owner.token)).expect(200);
    await api.http().get('/v1/exceptions').set(bearer(owner.token)).expect(200, { items: [], nextCursor: null });
    const revoked = await api.http().get('/v1/exceptions?state=revoked').set(bearer(owner.token)).expect(200);
    expect(revoked.body.items[0].revokedAt).not.toBeNull();
  });

  it('refuses a waiver without justification, with a past expiry or an unknown rule, naming each field', async () => {
    const response = await create(owner.token, { ruleId: 'no-such-rule', justification: 'short', owner: 'me', expiresAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('justification');
    const second = await create(owner.token, { ruleId: 'no-such-rule', justification: 'a long enough reason', owner: 'me', expiresAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(second.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['expiresAt', 'ruleId']);
    const missing = await create(owner.token, { justification: 'a long enough reason', owner: 'me' }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('expiresAt');
    await api.http().get('/v1/exceptions?state=all').set(bearer(owner.token)).expect(200).then((r) => expect(r.body.items).toHaveLength(1));
  });

  it('keeps waivers within their tenant', async () => {
    const created = await create(owner.token, { justification: 'covers every rule for the sandbox', owner: 'me', namespacePattern: 'sandbox', expiresAt: nextYear }).expect(201);
    await api.http().get(`/v1/exceptions/${created.body.id}`).set(bearer(other.token)).expect(404);
    await api.http().delete(`/v1/exceptions/${created.body.id}`).set(bearer(other.token)).expect(404);
    await api.http().get('/v1/exceptions?state=all').set(bearer(other.token)).expect(200, { items: [], nextCursor: null });
    await api.http().get(`/v1/exceptions/${created.body.id}`).set(bearer(owner.token)).expect(200);
  });
});
