import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { configVariables, type ConfigVariableName } from './config.schema.js';
import type { EncryptionConfig } from './master-keys.js';

type Raw = { [K in ConfigVariableName]: z.output<(typeof configVariables)[K]['schema']> };

/** Where the product keeps its data: a real PostgreSQL server, or the embedded PGlite files. */
export type DatabaseConfig =
  | {
      kind: 'postgres';
      /** The owner's URL: migrations run with it, and so does everything else unless runtimeUrl is set. */
      url: string;
      /** A separate login (member of meshguard_app) for runtime connections: the stricter setup of docs/tenancy.md. */
      runtimeUrl?: string;
      /** false: never migrate at start-up (the owner migrates separately); the database must already be current. */
      migrateOnStart?: false;
    }
  | { kind: 'embedded'; dataDir: string };

/** The one validated configuration object of an app; read once at start-up. */
export interface MeshguardConfig {
  env: Raw['NODE_ENV'];
  http: { host: string; port: number };
  database: DatabaseConfig;
  redis: { url: string; queuePrefix: string };
  log: { level: Raw['LOG_LEVEL'] };
  clusters: { addressAllowlist: string[] };
  api: {
    rateLimitPerMinute: number;
    /** Failed authentications per client address and minute before further attempts are refused unlooked-up. */
    failedAuthenticationsPerMinute: number;
    /** How long an Idempotency-Key is remembered (the worker's retention sweep deletes older ones). */
    idempotencyKeyTtlHours: number;
    corsOrigins: string[];
  };
  worker: {
    concurrency: number;
    shutdownTimeoutMs: number;
    scansPerTenantMax: number;
    scanTimeoutMs: number;
    metricsPort: number;
    lockDurationMs: number;
    /** Threads of the compute pool that evaluates scans off the event loop. */
    scanThreads: number;
    /** Heap limit of each of those threads, MB. */
    scanThreadMemoryMb: number;
  };
  webhooks: { addressAllowlist: string[]; retryBaseDelayMs: number };
  reports: {
    retentionDays: number;
    /** Base of the download links in report emails and `report.ready` events. */
    publicUrl: string;
    /** Unset: schedules with email recipients record each email as failed, saying SMTP_URL is missing. */
    smtpUrl?: string;
    from: string;
    attachMaxBytes: number;
  };
  encryption: EncryptionConfig;
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
  for (const [variable, definition] of Object.entries(configVariables) as [
    ConfigVariableName,
    (typeof configVariables)[ConfigVariableName],
  ][]) {
    const value = blankToUndefined(env[variable]);
    const parsed = (definition.schema as z.ZodType).safeParse(value);
    if (parsed.success) raw[variable] = parsed.data;
    else {
      const secret = 'secret' in definition && definition.secret;
      problems.push({
        variable,
        reason: describe(value, parsed.error, secret),
        expected: definition.expected,
      });
    }
  }
  if (raw.DATABASE_RUNTIME_URL !== undefined && raw.DATABASE_URL === undefined) {
    problems.push({
      variable: 'DATABASE_RUNTIME_URL',
      reason: 'is set but DATABASE_URL (the owner that migrates) is not',
      expected: configVariables.DATABASE_RUNTIME_URL.expected,
    });
  }
  if (raw.DATABASE_MIGRATE_ON_START === false && raw.DATABASE_URL === undefined) {
    problems.push({
      variable: 'DATABASE_MIGRATE_ON_START',
      reason: 'is false but DATABASE_URL is not set, and the embedded database always migrates at start-up',
      expected: configVariables.DATABASE_MIGRATE_ON_START.expected,
    });
  }
  if (!problems.some((problem) => problem.variable === 'MASTER_KEYS'))
    problems.push(...masterKeyProblems(raw as Partial<Raw>));
  if (problems.length > 0) throw new ConfigError(problems);
  return group(raw as Raw);
}

function group(raw: Raw): MeshguardConfig {
  return {
    env: raw.NODE_ENV,
    http: { host: raw.HOST, port: raw.PORT },
    database: raw.DATABASE_URL
      ? {
          kind: 'postgres',
          url: raw.DATABASE_URL,
          ...(raw.DATABASE_RUNTIME_URL ? { runtimeUrl: raw.DATABASE_RUNTIME_URL } : {}),
          ...(raw.DATABASE_MIGRATE_ON_START ? {} : { migrateOnStart: false as const }),
        }
      : { kind: 'embedded', dataDir: raw.DATA_DIR },
    redis: { url: raw.REDIS_URL, queuePrefix: raw.QUEUE_PREFIX },
    log: { level: raw.LOG_LEVEL },
    clusters: { addressAllowlist: splitList(raw.CLUSTER_ADDRESS_ALLOWLIST) },
    api: {
      rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE,
      failedAuthenticationsPerMinute: raw.FAILED_AUTHENTICATIONS_PER_MINUTE,
      idempotencyKeyTtlHours: raw.IDEMPOTENCY_KEY_TTL_HOURS,
      corsOrigins: splitList(raw.CORS_ORIGINS),
    },
    worker: {
      concurrency: raw.WORKER_CONCURRENCY,
      shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
      scansPerTenantMax: raw.SCANS_PER_TENANT_MAX,
      scanTimeoutMs: raw.SCAN_TIMEOUT_MS,
      metricsPort: raw.WORKER_METRICS_PORT,
      lockDurationMs: raw.WORKER_LOCK_DURATION_MS,
      // Every core but one: the main thread keeps one for HTTP and job-lock renewals.
      scanThreads: raw.SCAN_THREADS ?? Math.max(1, availableParallelism() - 1),
      scanThreadMemoryMb: raw.SCAN_THREAD_MEMORY_MB,
    },
    webhooks: { addressAllowlist: splitList(raw.WEBHOOK_ADDRESS_ALLOWLIST), retryBaseDelayMs: raw.WEBHOOK_RETRY_BASE_DELAY_MS },
    reports: {
      retentionDays: raw.REPORT_RETENTION_DAYS,
      publicUrl: raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`,
      ...(raw.SMTP_URL ? { smtpUrl: raw.SMTP_URL } : {}),
      from: raw.REPORT_FROM,
      attachMaxBytes: raw.REPORT_EMAIL_ATTACH_MAX_BYTES,
    },
    encryption: {
      masterKeys: raw.MASTER_KEYS ?? [],
      activeMasterKeyId:
        raw.MASTER_KEY_ID ?? (raw.MASTER_KEYS?.length === 1 ? raw.MASTER_KEYS[0]?.id : undefined),
    },
  };
}

/** MASTER_KEY_ID must name a key of MASTER_KEYS, and is required when there are several. */
function masterKeyProblems(raw: Partial<Raw>): ConstructorParameters<typeof ConfigError>[0] {
  const expected = configVariables.MASTER_KEY_ID.expected;
  const keys = raw.MASTER_KEYS;
  const id = raw.MASTER_KEY_ID;
  if (id !== undefined && keys === undefined)
    return [{ variable: 'MASTER_KEY_ID', reason: `is "${id}" but MASTER_KEYS is not set`, expected }];
  if (id !== undefined && keys && !keys.some((key) => key.id === id)) {
    const ids = keys.map((key) => `"${key.id}"`).join(', ');
    return [
      { variable: 'MASTER_KEY_ID', reason: `"${id}" is not among the MASTER_KEYS ids (${ids})`, expected },
    ];
  }
  if (id === undefined && keys && keys.length > 1)
    return [
      {
        variable: 'MASTER_KEY_ID',
        reason: `is missing while MASTER_KEYS holds ${keys.length} keys`,
        expected,
      },
    ];
  return [];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function describe(value: string | undefined, error: z.ZodError, secret = false): string {
  if (secret && value !== undefined)
    return `is invalid (value not shown): ${error.issues.map((issue) => issue.message).join('; ')}`;
  const message = error.issues[0]?.message ?? 'is invalid';
  return value === undefined
    ? 'is missing'
    : `${JSON.stringify(value)} ${message.startsWith('must') || message.startsWith('is') ? message : `is invalid (${message})`}`;
}
