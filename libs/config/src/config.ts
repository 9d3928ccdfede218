import { z } from 'zod';
import { configVariables, type ConfigVariableName } from './config.schema.js';

type Raw = { [K in ConfigVariableName]: z.output<(typeof configVariables)[K]['schema']> };

/** Where the product keeps its data: a real PostgreSQL server, or the embedded PGlite files. */
export type DatabaseConfig = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

/** The one validated configuration object of an app; read once at start-up. */
export interface MeshguardConfig {
  env: Raw['NODE_ENV'];
  http: { host: string; port: number };
  database: DatabaseConfig;
  redis: { url: string; queuePrefix: string };
  log: { level: Raw['LOG_LEVEL'] };
  worker: { concurrency: number; shutdownTimeoutMs: number };
}

/** One problem per offending variable: what, where and the form it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: ConfigVariableName; reason: string; expected: string }[]) {
    super(
      'meshguard cannot start: invalid configuration\n' +
        problems.map((p) => `  ${p.variable}: ${p.reason}; expected ${p.expected}`).join('\n') +
        '\nFix the variables above (see .env.example) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): MeshguardConfig {
  const problems: ConstructorParameters<typeof ConfigError>[0] = [];
  const raw: Partial<Record<ConfigVariableName, unknown>> = {};
  for (const [variable, { schema, expected }] of Object.entries(configVariables) as [
    ConfigVariableName,
    (typeof configVariables)[ConfigVariableName],
  ][]) {
    const value = blankToUndefined(env[variable]);
    const parsed = (schema as z.ZodType).safeParse(value);
    if (parsed.success) raw[variable] = parsed.data;
    else problems.push({ variable, reason: describe(value, parsed.error), expected });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return group(raw as Raw);
}

function group(raw: Raw): MeshguardConfig {
  return {
    env: raw.NODE_ENV,
    http: { host: raw.HOST, port: raw.PORT },
    database: raw.DATABASE_URL ? { kind: 'postgres', url: raw.DATABASE_URL } : { kind: 'embedded', dataDir: raw.DATA_DIR },
    redis: { url: raw.REDIS_URL, queuePrefix: raw.QUEUE_PREFIX },
    log: { level: raw.LOG_LEVEL },
    worker: { concurrency: raw.WORKER_CONCURRENCY, shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS },
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function describe(value: string | undefined, error: z.ZodError): string {
  const message = error.issues[0]?.message ?? 'is invalid';
  return value === undefined ? 'is missing' : `${JSON.stringify(value)} ${message.startsWith('must') || message.startsWith('is') ? message : `is invalid (${message})`}`;
}
