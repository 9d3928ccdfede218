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

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/meshguard', PORT: '8080' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/meshguard' });
    expect(config.http.port).toBe(8080);
  });

  it('names the variable, the bad value and the expected form', () => {
    const error = problemsOf({ PORT: 'eighty' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('PORT: "eighty"');
    expect(error.message).toContain('expected a TCP port number from 1 to 65535');
  });

  it('reports every bad variable at once', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://x@y/z', REDIS_URL: 'http://localhost', WORKER_CONCURRENCY: '0' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'REDIS_URL', 'WORKER_CONCURRENCY']);
    expect(error.message).toContain('DATABASE_URL: "mysql://x@y/z" must start with postgresql://');
    expect(error.message).toContain('REDIS_URL: "http://localhost" must start with redis://');
  });

  it('rejects an unknown NODE_ENV and treats blank values as unset', () => {
    expect(problemsOf({ NODE_ENV: 'staging' }).message).toContain('expected one of development, test, production');
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('embedded');
  });

  it('.env.example documents every variable', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    for (const variable of Object.keys(configVariables)) expect(example).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});
