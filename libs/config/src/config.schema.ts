import { z } from 'zod';

/**
 * Every environment variable meshguard reads, with the form it expects.
 * `expected` is shown to the operator when a value is missing or malformed.
 */
export const configVariables = {
  NODE_ENV: {
    expected: 'one of development, test, production',
    schema: z.enum(['development', 'test', 'production']).default('development'),
  },
  HOST: { expected: 'an interface address such as 0.0.0.0 or 127.0.0.1', schema: z.string().min(1).default('0.0.0.0') },
  PORT: {
    expected: 'a TCP port number from 1 to 65535, e.g. 3000',
    schema: z.coerce.number().int().min(1).max(65535).default(3000),
  },
  DATABASE_URL: {
    expected: 'a PostgreSQL URL such as postgresql://user@127.0.0.1:5432/meshguard (leave unset for the embedded database)',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must start with postgresql://')
      .refine(isParsableUrl, 'is not a valid URL')
      .optional(),
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
    expected: 'letters, digits, dashes or underscores naming this installation\'s keys in Redis, e.g. meshguard',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, dashes or underscores')
      .default('meshguard'),
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
} as const;

function isParsableUrl(value: string): boolean {
  return URL.canParse(value);
}

export type ConfigVariableName = keyof typeof configVariables;
