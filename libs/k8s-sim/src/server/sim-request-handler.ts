import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeContinue, encodeContinue } from '../api/continue-token.js';
import { isReviewType } from '../api/discovery.js';
import { selectPage } from '../api/list-pager.js';
import type { ResourceType } from '../api/resource-catalog.js';
import { failureStatus } from '../api/status.js';
import { isAllowed } from '../auth/authorizer.js';
import type { TokenScope } from '../auth/token-scope.js';
import type { FaultDecision } from '../faults/fault-injector.js';
import { serveNonResource } from './discovery-responder.js';
import type { HandlerContext } from './handler-context.js';
import { expired, HttpFailure, notFound, sendJson, sendRaw } from './http-failure.js';
import { pageRequest } from './list-request.js';
import { sendTable, streamList, withTypeMeta } from './list-responder.js';
import { parseResourcePath, type ResourcePath } from './resource-path.js';
import { serveReview } from './review-responder.js';
import { streamWatch } from './watch-responder.js';

export type { HandlerContext } from './handler-context.js';

/** The request listener of the simulated API server. */
export function createRequestHandler(
  ctx: HandlerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = safePathname(req.url);
    const method = req.method ?? 'GET';
    res.on('finish', () => ctx.stats.record(method, path, res.statusCode));
    res.on('close', () => {
      if (!res.writableFinished) ctx.stats.record(method, path, res.statusCode);
    });
    handle(ctx, req, res, path, method).catch((error: unknown) => {
      if (error instanceof HttpFailure) return sendJson(res, error.status.code, error.status, error.headers);
      if (res.headersSent) return res.destroy();
      sendJson(
        res,
        500,
        failureStatus(
          500,
          'InternalError',
          `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    });
  };
}

/**
 * The URL as fault decisions see it: a continue token is replaced by the position it encodes, because tokens carry
 * their issue time and would otherwise make the n-th attempt of "the same" page a different request every run.
 */
function faultKey(url: URL): string {
  const token = url.searchParams.get('continue');
  if (!token) return `${url.pathname}${url.search}`;
  const params = new URLSearchParams(url.searchParams);
  try {
    const position = decodeContinue(token);
    params.set('continue', `${position.resourceVersion}:${position.lastKey}`);
  } catch {
    // an invalid token is answered 400 later; its raw text is as good a key as any
  }
  return `${url.pathname}?${params.toString()}`;
}

function safePathname(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'https://sim').pathname;
  } catch {
    return '/';
  }
}

async function handle(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://sim');
  const auth = ctx.authenticator.authenticate(req);
  if (!auth.ok) {
    req.resume();
    throw new HttpFailure(failureStatus(401, 'Unauthorized', 'Unauthorized'));
  }
  const resourcePath = parseResourcePath(path);
  const type = resourcePath
    ? ctx.discovery.find(resourcePath.group, resourcePath.version, resourcePath.resource)
    : undefined;
  const isRead = method === 'GET' && type !== undefined && !isReviewType(type);
  const isList = isRead && resourcePath?.name === undefined;
  const decision = ctx.faults.decide({
    method,
    url: `${ctx.faultScope ?? ''}${faultKey(url)}`,
    isResourceRead: isRead,
    isList,
    hasContinue: url.searchParams.has('continue'),
  });
  if (decision.latencyMs > 0) {
    ctx.stats.fault('latency');
    await sleep(decision.latencyMs);
  }
  applyFailure(ctx, decision, url.searchParams.get('continue'));

  if (!resourcePath || !type) return serveNonResource(ctx, req, res, path, method);
  if (isReviewType(type)) return serveReview(req, res, auth.scope, type, resourcePath, method);
  return serveResource(ctx, req, res, auth.scope, type, resourcePath, url.searchParams, decision);
}

function applyFailure(ctx: HandlerContext, decision: FaultDecision, continueToken: string | null): void {
  const retryAfter = String(ctx.faults.current.retryAfterSeconds ?? 1);
  switch (decision.failure) {
    case 'throttle':
      ctx.stats.fault('throttle');
      throw new HttpFailure(
        failureStatus(429, 'TooManyRequests', 'Too many requests, please try again later.', {
          retryAfterSeconds: Number(retryAfter),
        }),
        { 'Retry-After': retryAfter },
      );
    case 'server-error': {
      ctx.stats.fault('server-error');
      const code = ctx.faults.current.serverErrorStatus ?? 500;
      if (code === 503) {
        throw new HttpFailure(
          failureStatus(
            503,
            'ServiceUnavailable',
            'the server is currently unable to handle the request (injected fault)',
            { retryAfterSeconds: Number(retryAfter) },
          ),
          {
            'Retry-After': retryAfter,
          },
        );
      }
      const reason = code === 504 ? 'Timeout' : 'InternalError';
      throw new HttpFailure(
        failureStatus(
          code,
          reason,
          'Internal error occurred: etcdserver: request timed out (injected fault)',
        ),
      );
    }
    case 'expired-continue':
      ctx.stats.fault('expired-continue');
      throw expired(continueToken ?? '');
    default:
  }
}

function verbOf(method: string, path: ResourcePath, query: URLSearchParams): string {
  switch (method) {
    case 'GET':
      if (query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
      return path.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return path.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

function forbidden(scope: TokenScope, verb: string, type: ResourceType, path: ResourcePath): HttpFailure {
  const resource = path.subresource ? `${type.resource}/${path.subresource}` : type.resource;
  const where = path.namespace ? `in the namespace "${path.namespace}"` : 'at the cluster scope';
  const subject = path.name ? `${type.resource} "${path.name}"` : type.resource;
  const message = `${subject} is forbidden: User "${scope.user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${where}`;
  return new HttpFailure(
    failureStatus(403, 'Forbidden', message, {
      ...(path.name ? { name: path.name } : {}),
      group: type.group,
      kind: type.resource,
    }),
  );
}

async function serveResource(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  scope: TokenScope,
  type: ResourceType,
  path: ResourcePath,
  query: URLSearchParams,
  decision: FaultDecision,
): Promise<void> {
  req.resume();
  if (path.namespace !== undefined && !type.namespaced) throw notFound();
  if (path.namespace === undefined && type.namespaced && path.name !== undefined) throw notFound();
  const verb = verbOf(req.method ?? 'GET', path, query);
  const allowed = isAllowed(scope, {
    verb,
    group: type.group,
    resource: type.resource,
    ...(path.subresource ? { subresource: path.subresource } : {}),
    ...(path.namespace !== undefined ? { namespace: path.namespace } : {}),
    ...(path.name !== undefined ? { name: path.name } : {}),
  });
  if (!allowed) throw forbidden(scope, verb, type, path);
  if (verb !== 'get' && verb !== 'list' && verb !== 'watch') {
    throw new HttpFailure(
      failureStatus(
        405,
        'MethodNotAllowed',
        `the simulated API server serves read-only data: ${verb} is not supported`,
      ),
    );
  }
  if (path.subresource !== undefined) throw notFound();
  if (verb === 'watch') {
    const request = pageRequest(ctx, type, path, query);
    return streamWatch(res, type, ctx.store, { ...request, limit: 0 }, query);
  }
  const collection = ctx.store.collectionFor(type);
  const table = (req.headers.accept ?? '').includes('as=Table');
  if (verb === 'get') {
    const item = collection.get(path.namespace ?? '', path.name!);
    if (!item) {
      throw new HttpFailure(
        failureStatus(
          404,
          'NotFound',
          `${type.resource}${type.group ? `.${type.group}` : ''} "${path.name}" not found`,
          { name: path.name!, group: type.group, kind: type.resource },
        ),
      );
    }
    if (table) return sendTable(res, type, [item], { resourceVersion: ctx.store.resourceVersion }, query);
    return sendRaw(res, withTypeMeta(type, item.json));
  }
  const page = selectPage(collection, pageRequest(ctx, type, path, query));
  ctx.stats.listed(page.items.length);
  const metadata: Record<string, unknown> = { resourceVersion: ctx.store.resourceVersion };
  if (page.continueAfter !== undefined) {
    metadata.continue = encodeContinue({
      resourceVersion: ctx.store.resourceVersion,
      lastKey: page.continueAfter,
      issuedAt: Date.now(),
    });
    if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  }
  if (table) return sendTable(res, type, page.items, metadata, query);
  await streamList(ctx, res, type, page, metadata, decision);
}
