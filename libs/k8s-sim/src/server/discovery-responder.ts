import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureStatus } from '../api/status.js';
import type { HandlerContext } from './handler-context.js';
import { HttpFailure, notFound, sendJson } from './http-failure.js';

const aggregatedDiscoveryType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function wantsAggregated(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList');
}

/** Serves /version, health probes and the discovery documents. */
export function serveNonResource(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
): void {
  req.resume();
  if (method !== 'GET')
    throw new HttpFailure(failureStatus(405, 'MethodNotAllowed', `${method} is not supported on ${path}`));
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (['/healthz', '/livez', '/readyz'].includes(trimmed)) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return;
  }
  if (trimmed === '/version') return sendJson(res, 200, ctx.discovery.versionInfo());
  if (trimmed === '/api') {
    if (wantsAggregated(req))
      return sendJson(res, 200, ctx.discovery.aggregated(true), {}, aggregatedDiscoveryType);
    return sendJson(res, 200, ctx.discovery.coreVersions(ctx.serverAddress()));
  }
  if (trimmed === '/apis') {
    if (wantsAggregated(req))
      return sendJson(res, 200, ctx.discovery.aggregated(false), {}, aggregatedDiscoveryType);
    return sendJson(res, 200, ctx.discovery.groupList());
  }
  const segments = trimmed.split('/').filter((s) => s.length > 0);
  let document: unknown;
  if (segments[0] === 'api' && segments.length === 2) document = ctx.discovery.resourceList(segments[1]!);
  else if (segments[0] === 'apis' && segments.length === 2) document = ctx.discovery.group(segments[1]!);
  else if (segments[0] === 'apis' && segments.length === 3)
    document = ctx.discovery.resourceList(`${segments[1]}/${segments[2]}`);
  if (document === undefined) throw notFound();
  sendJson(res, 200, document);
}
