import type { Request } from 'express';
import type { Principal } from './principal.js';

/** What the auth layer learned about a request, kept on the request for the layers after it. */
export interface RequestContext {
  principal: Principal;
  sourceIp: string | null;
  correlationId: string;
}

const contextKey = Symbol('meshguard.request-context');

export function attachRequestContext(request: Request, context: RequestContext): void {
  (request as unknown as Record<symbol, RequestContext>)[contextKey] = context;
}

/** The authenticated context; throws on a route that skipped authentication, so no handler runs tenant-less by mistake. */
export function requestContextOf(request: Request): RequestContext {
  const context = (request as unknown as Record<symbol, RequestContext | undefined>)[contextKey];
  if (!context) throw new Error('no authenticated request context: the route is public or auth did not run');
  return context;
}
