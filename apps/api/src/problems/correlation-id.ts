import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const correlationHeader = 'x-correlation-id';
const acceptable = /^[A-Za-z0-9._-]{8,64}$/;

/** Takes the caller's correlation id when it is well-formed, otherwise makes one; echoes it on the response. */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header(correlationHeader);
  const id = offered && acceptable.test(offered) ? offered : randomUUID();
  response.locals.correlationId = id;
  response.setHeader(correlationHeader, id);
  next();
}

export function correlationIdOf(response: Response): string {
  return typeof response.locals.correlationId === 'string' ? response.locals.correlationId : 'unknown';
}
