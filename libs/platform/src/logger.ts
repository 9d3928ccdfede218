import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/** Keys whose values are replaced before a log line is written, wherever they appear (one level deep). */
const redactedPaths = ['token', 'password', 'kubeconfig', 'authorization', 'secret', 'key', 'credentials'].flatMap((k) => [k, `*.${k}`]);

/** Structured JSON logger for every meshguard process. */
export function createLogger(options: { level: string; name: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    { level: options.level, name: options.name, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { service: options.name } },
    options.destination as pino.DestinationStream | undefined,
  );
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
