import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { configVariables } from './config.schema.js';
import { readFileSync } from 'node:fs';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded database and local Redis when nothing is set', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '.data' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
  });

  it('reads the report settings, keeping the SMTP password out of problems', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://mailer:hunter2@mail.example.com:587', PUBLIC_URL: 'https://meshguard.example.com/', PORT: '8080' });
    expect(config.reports).toEqual({
      retentionDays: 365,
      publicUrl: 'https://meshguard.example.com',
      smtpUrl: 'smtp://mailer:hunter2@mail.example.com:587',
      from: 'meshguard <reports@localhost>',
      attachMaxBytes: 10_485_760,
    });
    expect(loadConfig({ PORT: '8080' }).reports.publicUrl).toBe('http://localhost:8080');
    const problems = problemsOf({ SMTP_URL: 'mail://mailer:hunter2@x', REPORT_FROM: 'nobody', REPORT_RETENTION_DAYS: '0' });
    expect(problems.problems.map((problem) => problem.variable)).toEqual(['REPORT_RETENTION_DAYS', 'SMTP_URL', 'REPORT_FROM']);
    expect(problems.message).not.toContain('hunter2');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/meshguard',
      PORT: '8080',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://postgres@127.0.0.1:5432/meshguard',
    });
    expect(config.http.port).toBe(8080);
  });

  it('takes a separate runtime login for PostgreSQL only together with DATABASE_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://owner@127.0.0.1:5432/meshguard',
      DATABASE_RUNTIME_URL: 'postgresql://runtime@127.0.0.1:5432/meshguard',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://owner@127.0.0.1:5432/meshguard',
      runtimeUrl: 'postgresql://runtime@127.0.0.1:5432/meshguard',
    });
    expect(problemsOf({ DATABASE_RUNTIME_URL: 'postgresql://runtime@127.0.0.1/m' }).message).toContain(
      'DATABASE_RUNTIME_URL: is set but DATABASE_URL (the owner that migrates) is not',
    );
  });

  it('turns migration at start-up off only for PostgreSQL, and only with a clear true or false', () => {
    const runtimeOnly = loadConfig({
      DATABASE_URL: 'postgresql://runtime@127.0.0.1:5432/meshguard',
      DATABASE_MIGRATE_ON_START: 'false',
    });
    expect(runtimeOnly.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://runtime@127.0.0.1:5432/meshguard',
      migrateOnStart: false,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://o@h/m', DATABASE_MIGRATE_ON_START: 'true' }).database,
    ).toEqual({ kind: 'postgres', url: 'postgresql://o@h/m' });
    expect(problemsOf({ DATABASE_MIGRATE_ON_START: 'false' }).message).toContain(
      'DATABASE_MIGRATE_ON_START: is false but DATABASE_URL is not set',
    );
    expect(
      problemsOf({ DATABASE_URL: 'postgresql://o@h/m', DATABASE_MIGRATE_ON_START: 'no' }).message,
    ).toContain('DATABASE_MIGRATE_ON_START: "no"');
  });

  it('names the variable, the bad value and the expected form', () => {
    const error = problemsOf({ PORT: 'eighty' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('PORT: "eighty"');
    expect(error.message).toContain('expected a TCP port number from 1 to 65535');
  });

  it('reports every bad variable at once', () => {
    const error = problemsOf({
      DATABASE_URL: 'mysql://x@y/z',
      REDIS_URL: 'http://localhost',
      WORKER_CONCURRENCY: '0',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'WORKER_CONCURRENCY',
    ]);
    expect(error.message).toContain('DATABASE_URL: "mysql://x@y/z" must start with postgresql://');
    expect(error.message).toContain('REDIS_URL: "http://localhost" must start with redis://');
  });

  it('rejects an unknown NODE_ENV and treats blank values as unset', () => {
    expect(problemsOf({ NODE_ENV: 'staging' }).message).toContain(
      'expected one of development, test, production',
    );
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('embedded');
  });

  it('.env.example documents every variable', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    for (const variable of Object.keys(configVariables))
      expect(example).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});

describe('API limits', () => {
  it('reads the failed-authentication limit and the Idempotency-Key lifetime, with defaults, and refuses nonsense', () => {
    expect(loadConfig({}).api).toMatchObject({ failedAuthenticationsPerMinute: 60, idempotencyKeyTtlHours: 24 });
    expect(
      loadConfig({ FAILED_AUTHENTICATIONS_PER_MINUTE: '5', IDEMPOTENCY_KEY_TTL_HOURS: '168' }).api,
    ).toMatchObject({ failedAuthenticationsPerMinute: 5, idempotencyKeyTtlHours: 168 });
    expect(problemsOf({ FAILED_AUTHENTICATIONS_PER_MINUTE: '0' }).message).toContain(
      'FAILED_AUTHENTICATIONS_PER_MINUTE: "0"',
    );
    expect(problemsOf({ IDEMPOTENCY_KEY_TTL_HOURS: '1.5' }).message).toContain('IDEMPOTENCY_KEY_TTL_HOURS: "1.5"');
    expect(problemsOf({ IDEMPOTENCY_KEY_TTL_HOURS: '9000' }).message).toContain('from 1 to 8760');
  });
});

describe('lists', () => {
  it('splits the address allowlist and CORS origins, and rejects malformed entries', () => {
    const config = loadConfig({
      CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1, 10.0.0.0/8',
      CORS_ORIGINS: 'https://a.example,http://localhost:5173',
    });
    expect(config.clusters.addressAllowlist).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(config.api.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(problemsOf({ CORS_ORIGINS: 'javascript:alert(1)' }).message).toContain('CORS_ORIGINS');
    expect(problemsOf({ CLUSTER_ADDRESS_ALLOWLIST: 'evil.example' }).message).toContain(
      'CLUSTER_ADDRESS_ALLOWLIST',
    );
  });
});

describe('master keys', () => {
  const keyA = Buffer.alloc(32, 1).toString('base64');
  const keyB = Buffer.alloc(32, 2).toString('base64');

  it('parses a keyring and picks the active key (implied when there is only one)', () => {
    const single = loadConfig({ MASTER_KEYS: `2026-11:${keyA}` });
    expect(single.encryption.activeMasterKeyId).toBe('2026-11');
    expect(single.encryption.masterKeys).toEqual([{ id: '2026-11', key: Buffer.alloc(32, 1) }]);
    const two = loadConfig({ MASTER_KEYS: ` old:${keyA} , new:${keyB} `, MASTER_KEY_ID: 'new' });
    expect(two.encryption.masterKeys.map((key) => key.id)).toEqual(['old', 'new']);
    expect(two.encryption.activeMasterKeyId).toBe('new');
    expect(loadConfig({}).encryption).toEqual({ masterKeys: [], activeMasterKeyId: undefined });
  });

  it('names every malformed entry without ever printing key material', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    const error = problemsOf({ MASTER_KEYS: `a:${short},${keyA},b:not base64!,a:${keyB},:${keyB}` });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['MASTER_KEYS']);
    expect(error.message).toContain('entry 1 ("a") decodes to 16 bytes, not 32');
    expect(error.message).toContain('entry 2 is not <id>:<base64 key>');
    expect(error.message).toContain('entry 3 ("b") is not valid base64');
    expect(error.message).toContain('entry 5 has an id that is not');
    expect(error.message).toContain('openssl rand -base64 32');
    for (const secret of [short, keyA, keyB]) expect(error.message).not.toContain(secret);
  });

  it('requires MASTER_KEY_ID to name one of the keys, and to be set when there are several', () => {
    expect(problemsOf({ MASTER_KEYS: `a:${keyA},b:${keyB}` }).message).toContain(
      'MASTER_KEY_ID: is missing while MASTER_KEYS holds 2 keys',
    );
    expect(problemsOf({ MASTER_KEYS: `a:${keyA}`, MASTER_KEY_ID: 'c' }).message).toContain(
      'MASTER_KEY_ID: "c" is not among the MASTER_KEYS ids ("a")',
    );
    expect(problemsOf({ MASTER_KEY_ID: 'a' }).message).toContain(
      'MASTER_KEY_ID: is "a" but MASTER_KEYS is not set',
    );
    expect(problemsOf({ MASTER_KEYS: `a:${keyA},a:${keyB}` }).message).toContain(
      'entry 2 repeats the id "a"',
    );
  });
});
