import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { PinoPretty as PinoPrettyFactory } from 'pino-pretty';

/** Keys whose values are replaced before a log line is written, wherever they appear (one level deep). */
const redactedPaths = ['token', 'password', 'kubeconfig', 'authorization', 'secret', 'key', 'credentials'].flatMap((k) => [k, `*.${k}`]);

/**
 * Readable, coloured lines for a person at a terminal in development; JSON lines everywhere else (production, tests,
 * pipes, log collectors), which is what machines parse.
 */
export function prettyLogsWanted(env: string, stdout: { isTTY?: boolean }): boolean {
  return env === 'development' && stdout.isTTY === true;
}

/** The logger of every meshguard process: JSON lines, or pino-pretty's lines when `pretty` (see prettyLogsWanted). */
export function createLogger(options: { level: string; name: string; destination?: NodeJS.WritableStream; pretty?: boolean }): Logger {
  const settings = { level: options.level, name: options.name, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { service: options.name } };
  if (options.pretty) {
    // Synchronous, on this thread: a pretty stream is for a terminal, where a transport thread buys nothing.
    // Loaded only here: production processes (JSON lines) never pay for pino-pretty and its dependencies.
    const { PinoPretty } = createRequire(import.meta.url)('pino-pretty') as { PinoPretty: typeof PinoPrettyFactory };
    const destination = options.destination ?? process.stdout;
    return pino(settings, PinoPretty({ destination, sync: true, colorize: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(settings, options.destination as pino.DestinationStream | undefined);
}

/** Adapts pino to NestJS's logger interface so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
