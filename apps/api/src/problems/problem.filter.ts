import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { InvalidCursorError, isDatabaseUnavailable } from '@meshguard/db';
import type { Request, Response } from 'express';
import { correlationIdOf } from './correlation-id.js';
import { DomainError, httpStatusOf, type DomainErrorCode, type FieldError } from './domain-error.js';
import { problemContentType, problemTypeBase, titleOf, type ProblemDetails } from './problem-details.js';

/** What a client told "the database is unavailable" should wait before retrying. */
const databaseRetryAfterSeconds = 2;

/** Turns every error into an RFC 9457 problem response; unexpected errors are logged and never leak internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const correlationId = correlationIdOf(response);
    const instance = request.originalUrl.split('?')[0] ?? '/';
    if (isDatabaseUnavailable(error)) {
      this.logger.warn(`${request.method} ${instance} found the database unavailable [${correlationId}]: ${error instanceof Error ? error.message : String(error)}`);
      error = new DomainError('unavailable', 'The database is unavailable right now; retry in a few seconds.', [], { retryAfterSeconds: databaseRetryAfterSeconds });
    }
    const problem = this.toProblem(error, instance, correlationId);
    if (problem.status >= 500 && !(error instanceof DomainError)) {
      this.logger.error(`${request.method} ${problem.instance} failed [${correlationId}]: ${describe(error)}`);
    }
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    }
    response.status(problem.status).type(problemContentType).send(JSON.stringify(problem));
  }

  private toProblem(error: unknown, instance: string, correlationId: string): ProblemDetails {
    if (error instanceof InvalidCursorError) {
      return this.toProblem(new DomainError('validation-failed', error.message, [{ field: 'cursor', message: 'unknown cursor' }]), instance, correlationId);
    }
    if (error instanceof DomainError) {
      const status = httpStatusOf(error.code);
      return {
        type: problemTypeBase + error.code,
        title: titleOf(status),
        status,
        detail: error.message,
        instance,
        correlationId,
        ...(error.fieldErrors.length > 0 ? { errors: error.fieldErrors } : {}),
        ...error.extra,
      };
    }
    // Express's adapter wraps body-parser and URL-decoding errors in HttpExceptions; their cause says which it was.
    if (error instanceof HttpException && (asHttpError(error.cause) || error.cause instanceof URIError)) {
      return this.toProblem(error.cause, instance, correlationId);
    }
    if (error instanceof URIError) {
      return { type: problemTypeBase + 'malformed-request', title: titleOf(400), status: 400, detail: 'The URL has a malformed percent-encoding.', instance, correlationId };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status >= 500) return internalProblem(instance, correlationId);
      const { detail, errors } = fromHttpException(error);
      return {
        type: problemTypeBase + codeOfStatus(status),
        title: titleOf(status),
        status,
        detail,
        instance,
        correlationId,
        ...(errors.length > 0 ? { errors } : {}),
      };
    }
    const parserError = asHttpError(error);
    if (parserError) {
      const code = codeOfParserError(parserError);
      const status = code === 'malformed-request' ? parserError.status : httpStatusOf(code);
      return { type: problemTypeBase + code, title: titleOf(status), status, detail: parserError.message, instance, correlationId };
    }
    return internalProblem(instance, correlationId);
  }
}

function internalProblem(instance: string, correlationId: string): ProblemDetails {
  return {
    type: problemTypeBase + 'internal',
    title: titleOf(500),
    status: 500,
    detail: `Something went wrong on our side. Quote correlation id ${correlationId} when reporting it.`,
    instance,
    correlationId,
  };
}

/** The documented code of a framework-raised 4xx (unknown route, a pipe's rejection); anything else is malformed-request. */
function codeOfStatus(status: number): DomainErrorCode {
  const byStatus: Partial<Record<number, DomainErrorCode>> = {
    400: 'validation-failed',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    429: 'rate-limited',
    431: 'headers-too-large',
  };
  return byStatus[status] ?? 'malformed-request';
}

/** Express's body parser tags its errors with a `type` (http-errors); each maps to one documented code. */
function codeOfParserError({ status, type }: { status: number; type: unknown }): DomainErrorCode {
  if (type === 'entity.parse.failed') return 'malformed-json';
  if (status === 413) return 'payload-too-large';
  if (status === 415) return 'unsupported-media-type';
  return 'malformed-request';
}
function fromHttpException(error: HttpException): { detail: string; errors: FieldError[] } {
  const body = error.getResponse();
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return { detail: 'The request is invalid.', errors: message.map((m) => ({ field: '', message: String(m) })) };
    return { detail: String(message), errors: [] };
  }
  return { detail: typeof body === 'string' ? body : error.message, errors: [] };
}

/** Errors raised by Express's body parser (http-errors): safe to show when they say so (`expose`). */
function asHttpError(error: unknown): { status: number; message: string; type: unknown } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose, message, type } = error as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, message: typeof message === 'string' ? message : titleOf(status), type };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
