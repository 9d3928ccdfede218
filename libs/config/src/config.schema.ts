import { z } from 'zod';
import { masterKeyHowTo, masterKeyIdPattern, parseMasterKeys } from './master-keys.js';

/**
 * Every environment variable meshguard reads, with the form it expects.
 * `expected` is shown to the operator when a value is missing or malformed.
 */
export const configVariables = {
  NODE_ENV: {
    expected: 'one of development, test, production',
    schema: z.enum(['development', 'test', 'production']).default('development'),
  },
  HOST: {
    expected: 'an interface address such as 0.0.0.0 or 127.0.0.1',
    schema: z.string().min(1).default('0.0.0.0'),
  },
  PORT: {
    expected: 'a TCP port number from 1 to 65535, e.g. 3000',
    schema: z.coerce.number().int().min(1).max(65535).default(3000),
  },
  DATABASE_URL: {
    expected:
      'a PostgreSQL URL such as postgresql://user@127.0.0.1:5432/meshguard (leave unset for the embedded database)',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must start with postgresql://')
      .refine(isParsableUrl, 'is not a valid URL')
      .optional(),
  },
  DATABASE_RUNTIME_URL: {
    expected:
      'a PostgreSQL URL of a login role that is a member of meshguard_app, for the runtime connections (optional, needs DATABASE_URL; see docs/tenancy.md)',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must start with postgresql://')
      .refine(isParsableUrl, 'is not a valid URL')
      .optional(),
  },
  DATABASE_MIGRATE_ON_START: {
    expected:
      "true (default: apply pending migrations at start-up as DATABASE_URL's user) or false (apply none; refuse a database that is behind; needs DATABASE_URL)",
    schema: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
  },
  DATA_DIR: {
    expected: 'a directory path where the embedded database keeps its files, e.g. .data',
    schema: z.string().min(1).default('.data'),
  },
  REDIS_URL: {
    expected: 'a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS)',
    schema: z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, 'must start with redis:// or rediss://')
      .refine(isParsableUrl, 'is not a valid URL')
      .default('redis://127.0.0.1:6379'),
  },
  QUEUE_PREFIX: {
    expected:
      "letters, digits, dashes or underscores naming this installation's keys in Redis, e.g. meshguard",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, dashes or underscores')
      .default('meshguard'),
  },
  CLUSTER_ADDRESS_ALLOWLIST: {
    expected:
      'comma-separated IP addresses or CIDRs that cluster API servers may use although they are loopback, link-local or private, e.g. 127.0.0.1,10.0.0.0/8 (empty: none)',
    schema: z
      .string()
      .regex(/^[0-9A-Fa-f.:/,\s]*$/, 'must list IP addresses or CIDRs separated by commas')
      .default(''),
  },
  RATE_LIMIT_PER_MINUTE: {
    expected: 'requests one API key may make per minute, from 1 to 1000000',
    schema: z.coerce.number().int().min(1).max(1_000_000).default(600),
  },
  FAILED_AUTHENTICATIONS_PER_MINUTE: {
    expected:
      'failed authentications one client address may make per minute before its further attempts get 429 without a database lookup, from 1 to 1000000',
    schema: z.coerce.number().int().min(1).max(1_000_000).default(60),
  },
  IDEMPOTENCY_KEY_TTL_HOURS: {
    expected:
      'hours an Idempotency-Key is remembered; afterwards the same key starts a new request and the retention sweep deletes it, from 1 to 8760',
    schema: z.coerce.number().int().min(1).max(8760).default(24),
  },
  CORS_ORIGINS: {
    expected:
      'comma-separated origins allowed to call the API from a browser, e.g. https://app.example.com (empty: none)',
    schema: z
      .string()
      .regex(
        /^(\s*https?:\/\/[^,\s]+\s*)?(,\s*https?:\/\/[^,\s]+\s*)*$/,
        'must list http(s) origins separated by commas',
      )
      .default(''),
  },
  MASTER_KEYS: {
    expected: `comma-separated <id>:<base64 of 32 random bytes> master keys, e.g. 2026-11:<key> (${masterKeyHowTo}); unset with the embedded database: a key is generated into DATA_DIR/master.key`,
    secret: true,
    schema: z
      .string()
      .transform((value, context) => {
        const { keys, problems } = parseMasterKeys(value);
        for (const problem of problems) context.addIssue({ code: 'custom', message: problem });
        return problems.length > 0 ? z.NEVER : keys;
      })
      .optional(),
  },
  MASTER_KEY_ID: {
    expected:
      'the id of the MASTER_KEYS key that wraps new and re-wrapped data keys (optional with a single key)',
    schema: z.string().regex(masterKeyIdPattern, 'must be 1-64 letters, digits, ".", "_" or "-"').optional(),
  },
  LOG_LEVEL: {
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  WORKER_CONCURRENCY: {
    expected: 'a whole number of scans one worker runs at once, from 1 to 64',
    schema: z.coerce.number().int().min(1).max(64).default(2),
  },
  SHUTDOWN_TIMEOUT_MS: {
    expected: 'milliseconds to wait for running jobs on SIGTERM, from 1000 to 600000',
    schema: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  },
  WORKER_LOCK_DURATION_MS: {
    expected:
      "milliseconds a worker holds a job without renewing its lock; a crashed worker's jobs are recovered after about this long, from 1000 to 600000",
    schema: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  },
  SCANS_PER_TENANT_MAX: {
    expected:
      'a whole number of scans one tenant may run at once across all workers, from 1 to 1000 (more wait, delayed)',
    schema: z.coerce.number().int().min(1).max(1000).default(4),
  },
  SCAN_TIMEOUT_MS: {
    expected:
      'milliseconds one scan may take (collect, evaluate, store) before it fails, from 10000 to 21600000',
    schema: z.coerce.number().int().min(10_000).max(21_600_000).default(900_000),
  },
  SCAN_THREADS: {
    expected:
      'worker threads that evaluate scans (and render reports) in one process, from 1 to 64 (default: CPU cores - 1, at least 1)',
    schema: z.coerce.number().int().min(1).max(64).optional(),
  },
  SCAN_THREAD_MEMORY_MB: {
    expected:
      'the heap limit of each scan thread in MB, from 64 to 65536; a scan that needs more fails with a clear reason (default 4096)',
    schema: z.coerce.number().int().min(64).max(65_536).default(4096),
  },
  WORKER_METRICS_PORT: {
    expected: "the TCP port of the worker's Prometheus /metrics endpoint, from 0 (any free port) to 65535",
    schema: z.coerce.number().int().min(0).max(65535).default(9464),
  },
  WEBHOOK_RETRY_BASE_DELAY_MS: {
    expected: 'milliseconds before the second delivery attempt of a webhook; each later delay is 3 times the one before (up to 6 h), from 100 to 3600000',
    schema: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  },
  WEBHOOK_ADDRESS_ALLOWLIST: {
    expected:
      'comma-separated IP addresses or CIDRs webhook receivers may use although they are loopback, link-local or private, e.g. 10.0.0.0/8 (empty: none)',
    schema: z
      .string()
      .regex(/^[0-9A-Fa-f.:/,\s]*$/, 'must list IP addresses or CIDRs separated by commas')
      .default(''),
  },
  PUBLIC_URL: {
    expected:
      'the base URL people and receivers reach the API at, e.g. https://meshguard.example.com (used in report download links; default http://localhost:<PORT>)',
    schema: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'must start with http:// or https://')
      .refine(isParsableUrl, 'is not a valid URL')
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
  },
  REPORT_RETENTION_DAYS: {
    expected: 'days a stored compliance report is kept before it is deleted, from 1 to 3650',
    schema: z.coerce.number().int().min(1).max(3650).default(365),
  },
  SMTP_URL: {
    expected:
      'an SMTP server URL such as smtp://user:password@mail.example.com:587 or smtps://… (unset: reports are not emailed)',
    secret: true,
    schema: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
      .refine(isParsableUrl, 'is not a valid URL')
      .optional(),
  },
  REPORT_FROM: {
    expected: 'the sender of report emails, e.g. meshguard <reports@example.com>',
    schema: z
      .string()
      .regex(/^([^<>\r\n]*<)?[^\s<>@]+@[^\s<>@]+>?$/, 'must be an address, optionally with a name: Name <address@host>')
      .default('meshguard <reports@localhost>'),
  },
  REPORT_EMAIL_ATTACH_MAX_BYTES: {
    expected:
      'largest report, in bytes, sent as an email attachment; larger ones are linked instead, from 0 (always link) to 52428800',
    schema: z.coerce.number().int().min(0).max(52_428_800).default(10_485_760),
  },
} as const;

function isParsableUrl(value: string): boolean {
  return URL.canParse(value);
}

export type ConfigVariableName = keyof typeof configVariables;
