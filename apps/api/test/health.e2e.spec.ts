import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@meshguard/config';
import { createCredentialVault, createMasterKeyring, openDatabase, type Database } from '@meshguard/db';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@meshguard/db/testing';
import { closedLocalPort } from '@meshguard/platform/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../src/app/create-api-app.js';

let testDatabase: TestDatabase;
let database: Database;
const apps: INestApplication[] = [];

async function apiWith(env: Record<string, string>, db: Database = database): Promise<INestApplication> {
  const vault = createCredentialVault(createMasterKeyring([{ id: 'test', key: randomBytes(32) }], 'test'));
  const app = await createApiApp(loadConfig({ DATABASE_URL: testDatabase.url, ...env }), { database: db, vault });
  await app.init();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await openDatabase(testDatabase.config);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await database.close();
  await testDatabase.drop();
});

describe('GET /healthz', () => {
  it('answers 200 while the process lives, whatever the dependencies', async () => {
    const app = await apiWith({ REDIS_URL: `redis://127.0.0.1:${await closedLocalPort()}` });
    await request(app.getHttpServer()).get('/healthz').expect(200, { status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers 200 when PostgreSQL and Redis answer', async () => {
    const app = await apiWith({});
    const response = await request(app.getHttpServer()).get('/readyz').expect(200);
    expect(response.body).toMatchObject({ status: 'ready', failing: [], checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    const app = await apiWith({ REDIS_URL: `redis://127.0.0.1:${await closedLocalPort()}` });
    const response = await request(app.getHttpServer()).get('/readyz').expect(503);
    expect(response.body.failing).toEqual(['redis']);
    expect(response.body.checks.redis).toMatchObject({ status: 'down', error: expect.stringMatching(/ECONNREFUSED/) });
    expect(response.body.checks.database.status).toBe('up');
  });

  it('answers 503 naming the database when it is gone', async () => {
    const scratch = await createTestDatabase();
    const scratchDb = await openDatabase(scratch.config);
    const app = await apiWith({}, scratchDb);
    await scratchDb.close();
    const response = await request(app.getHttpServer()).get('/readyz').expect(503);
    expect(response.body.failing).toEqual(['database']);
    await scratch.drop();
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3 document generated from the controllers at /openapi.json', async () => {
    const app = await apiWith({});
    const response = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(response.body.paths['/readyz'].get.responses).toHaveProperty('503');
  });

  it('serves a docs UI at /docs', async () => {
    const app = await apiWith({});
    const response = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('sends security headers', async () => {
    const app = await apiWith({});
    const response = await request(app.getHttpServer()).get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('errors', () => {
  it('answers an unknown route with an RFC 9457 problem carrying a correlation id', async () => {
    const app = await apiWith({});
    const response = await request(app.getHttpServer()).get('/no-such-route').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/no-such-route' });
    expect(response.body.type).toMatch(/^https:\/\/meshguard\.dev\/problems\//);
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  });

  it('keeps a well-formed correlation id the caller sends, and replaces a malformed one', async () => {
    const app = await apiWith({});
    const kept = await request(app.getHttpServer()).get('/healthz').set('X-Correlation-Id', 'trace-1234abcd');
    expect(kept.headers['x-correlation-id']).toBe('trace-1234abcd');
    const replaced = await request(app.getHttpServer()).get('/healthz').set('X-Correlation-Id', 'bad id; with spaces');
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus metrics with request durations by route template', async () => {
    const app = await apiWith({});
    await request(app.getHttpServer()).get('/healthz').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/meshguard_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/);
  });
});
