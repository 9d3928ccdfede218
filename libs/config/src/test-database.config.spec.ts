import { describe, expect, it } from 'vitest';
import { loadTestDatabaseConfig } from './test-database.config.js';

describe('loadTestDatabaseConfig', () => {
  it('defaults to the local server as postgres and accepts another URL', () => {
    expect(loadTestDatabaseConfig({}).adminUrl).toBe('postgresql://postgres@127.0.0.1:5432/postgres');
    expect(
      loadTestDatabaseConfig({ TEST_DATABASE_ADMIN_URL: 'postgres://admin@db:5433/postgres' }).adminUrl,
    ).toBe('postgres://admin@db:5433/postgres');
  });

  it('names the variable when the value is not a PostgreSQL URL', () => {
    expect(() => loadTestDatabaseConfig({ TEST_DATABASE_ADMIN_URL: 'mysql://root@db/x' })).toThrow(
      /TEST_DATABASE_ADMIN_URL: "mysql:\/\/root@db\/x" is not a PostgreSQL URL/,
    );
  });
});
