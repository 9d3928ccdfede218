const defaultAdminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Where integration tests create their throwaway databases. */
export interface TestDatabaseConfig {
  /** A PostgreSQL URL of a role allowed to CREATE and DROP databases on the test server. */
  adminUrl: string;
}

/**
 * Reads TEST_DATABASE_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres) for test helpers.
 * Throws naming the variable when it is not a PostgreSQL URL.
 */
export function loadTestDatabaseConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TestDatabaseConfig {
  const value = env.TEST_DATABASE_ADMIN_URL?.trim() || defaultAdminUrl;
  if (!/^postgres(ql)?:\/\/\S+$/.test(value) || !URL.canParse(value)) {
    throw new Error(
      `TEST_DATABASE_ADMIN_URL: ${JSON.stringify(value)} is not a PostgreSQL URL; expected a URL of a role that may create databases, e.g. ${defaultAdminUrl}`,
    );
  }
  return { adminUrl: value };
}
