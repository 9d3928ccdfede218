import { startSimulator } from '@meshguard/k8s-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemTypeCodes } from '../src/problems/domain-error.js';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let owner: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  owner = await api.createTenant('Edge');
});

afterAll(async () => {
  await api?.close();
});

const problemType = (code: string) => `https://meshguard.dev/problems/${code}`;
const documented = new Set(problemTypeCodes.map(problemType));
const get = (path: string) => api.http().get(path).set(bearer(owner.token));
const exceptionBody = { justification: 'accepted for the migration window', owner: 'platform-team', expiresAt: '2099-01-01T00:00:00Z' };
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectProblem(response: { status: number; headers: Record<string, string>; body: { type?: string } }, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.type).toBe(problemType(code));
  expect(documented.has(response.body.type!)).toBe(true);
}

describe('control characters (issue 16, break 1)', () => {
  it.each(['/v1/findings?namespace=x%00', '/v1/clusters?name=%00', '/v1/exceptions?state=active&ruleId=a%01'])('refuses %s with a 400 naming the field', async (path) => {
    const response = await get(path);
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors[0].field).toMatch(/^(namespace|name|ruleId)$/);
  });

  it('refuses a NUL in a body string, naming the field, and stores nothing', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, owner: 'team\u0000x' });
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'owner' })]);
    expect((await get('/v1/exceptions?state=all').expect(200)).body.items).toEqual([]);
  });

  it('refuses a control character in a key, spelling it out', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, labels: { 'a\u0000b': 'x' } });
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors[0].field).toBe('labels.a\\u0000b');
  });

  it('keeps tabs and line breaks, which kubeconfigs and justifications carry', async () => {
    await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, justification: 'line one\n\tline two' }).expect(201);
  });
});

describe('hand-made cursors (issue 16, break 2)', () => {
  const routes = ['/v1/clusters', '/v1/audit-events', '/v1/exceptions', '/v1/findings'];
  const tampered = [
    base64url({ createdAt: 'x', id: 'y' }),
    base64url({ createdAt: 1, id: 2 }),
    base64url({ createdAt: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' }),
    base64url({ requestedAt: '+275760-09-13T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
    base64url({ severity: 'x', id: 'y' }),
    base64url([1, 2]),
    'not base64 at all!',
    'A'.repeat(300),
  ];
  it.each(routes)('%s answers 400 for every tampered cursor', async (route) => {
    for (const cursor of tampered) {
      const response = await get(`${route}?cursor=${encodeURIComponent(cursor)}`);
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('scans and deliveries of a cluster or webhook refuse tampered cursors too', async () => {
    const cursor = base64url({ createdAt: 'x', id: 'y' });
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const route of [`/v1/clusters/${missing}/scans`, `/v1/webhooks/${missing}/deliveries`]) {
      const response = await get(`${route}?cursor=${cursor}`);
      expect([400, 404]).toContain(response.status);
      expect(documented.has(response.body.type)).toBe(true);
    }
  });
});

describe('deep and wide JSON (issue 16, break 3)', () => {
  it('refuses 10,000 levels of nesting in labels with a 400 naming where', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const body = `{"justification":"accepted for the window","owner":"team","expiresAt":"2099-01-01T00:00:00Z","labels":${deep}}`;
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).set('Content-Type', 'application/json').send(body);
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors[0].field).toMatch(/^labels(\.a)+$/);
  });

  it('refuses a body with more than 10,000 keys and elements with a 413', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, labels: { x: Array.from({ length: 20_000 }, () => 0) } });
    expectProblem(response, 413, 'payload-too-large');
  });
});

describe('dates a person could mean (issue 16, break 4)', () => {
  it.each(['+275760-09-13T00:00:00Z', '0001-01-01T00:00:00Z', '10000-01-01', '2027-02-30T00:00:00Z', 'tomorrow', '1e12'])('refuses expiresAt %s naming the field', async (expiresAt) => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, expiresAt });
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('expiresAt');
  });

  it('refuses a number where a date belongs', async () => {
    const response = await api.http().post('/v1/api-keys').set(bearer(owner.token)).send({ name: 'ci', role: 'auditor', expiresAt: 1e15 });
    expectProblem(response, 400, 'validation-failed');
  });

  it('accepts a date-only and a date-time with offset', async () => {
    await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, expiresAt: '2099-12-31' }).expect(201);
    await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, expiresAt: '2099-12-31T10:00:00+02:00' }).expect(201);
  });
});

describe('every error is a documented problem', () => {
  it('an unknown route answers 404 problem+json', async () => {
    expectProblem(await get('/v1/no-such-thing'), 404, 'not-found');
    expectProblem(await api.http().get('/nowhere'), 404, 'not-found');
  });

  it('malformed JSON answers 400 malformed-json', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).set('Content-Type', 'application/json').send('{"owner": ');
    expectProblem(response, 400, 'malformed-json');
  });

  it('a body over 1 MB answers 413', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).send({ ...exceptionBody, justification: 'x'.repeat(1_100_000) });
    expectProblem(response, 413, 'payload-too-large');
  });

  it('a 20 KB URL answers 431 with a problem body', async () => {
    const response = await get(`/v1/clusters?name=${'a'.repeat(20_000)}`);
    expectProblem(response, 431, 'headers-too-large');
    expect(response.body.detail).toContain('16 KB');
  });

  it('an unsupported charset answers 415', async () => {
    const response = await api.http().post('/v1/exceptions').set(bearer(owner.token)).set('Content-Type', 'application/json; charset=latin-9').send('{}');
    expectProblem(response, 415, 'unsupported-media-type');
  });
});

describe('found by the contract fuzzer', () => {
  it('refuses a schedule that is an array instead of an object (was a 500, seed 231524380)', async () => {
    for (const schedule of [[[[]]], [{ cron: '0 3 * * *' }], 'daily', 3]) {
      const response = await api.http().post('/v1/clusters').set(bearer(owner.token)).send({ name: 'array-schedule', kubeconfig: 'x', schedule });
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('schedule');
    }
  });
});

describe('name filters take % and _ literally', () => {
  it('matches no cluster for % or _ although every name would match them as wildcards', async () => {
    const tenant = await api.createTenant('Wildcards');
    const simulator = await startSimulator({ preset: 'demo' });
    try {
      for (const name of ['alpha-1', 'beta-2']) {
        await api.http().post('/v1/clusters').set(bearer(tenant.token)).send({ name, kubeconfig: simulator.kubeconfig() }).expect(201);
      }
    } finally {
      await simulator.stop();
    }
    const names = async (filter: string) =>
      (await api.http().get(`/v1/clusters?name=${encodeURIComponent(filter)}`).set(bearer(tenant.token)).expect(200)).body.items.map((c: { name: string }) => c.name);
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    expect(await names('a%1')).toEqual([]);
    expect((await names('-')).sort()).toEqual(['alpha-1', 'beta-2']);
  });
});
