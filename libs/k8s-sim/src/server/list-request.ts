import { ContinueTokenError, decodeContinue } from '../api/continue-token.js';
import type { PageRequest } from '../api/list-pager.js';
import type { ResourceType } from '../api/resource-catalog.js';
import { failureStatus } from '../api/status.js';
import { supportedFieldLabels } from '../store/selectable-fields.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from '../store/selectors.js';
import type { HandlerContext } from './handler-context.js';
import { badRequest, expired, HttpFailure } from './http-failure.js';
import type { ResourcePath } from './resource-path.js';

/** Checks `resourceVersion` / `resourceVersionMatch` as the API server does for a store that never changes. */
function checkResourceVersion(ctx: HandlerContext, query: URLSearchParams): void {
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  if (match !== '' && rv === '')
    throw badRequest(
      'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  if (match !== '' && match !== 'NotOlderThan' && match !== 'Exact')
    throw badRequest(
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
  if (rv === '') return;
  if (!/^\d+$/.test(rv))
    throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a decimal number`);
  if (query.get('continue'))
    throw badRequest('specifying resource version is not allowed when using continue');
  const current = Number(ctx.store.resourceVersion);
  if (Number(rv) > current) {
    throw new HttpFailure(
      failureStatus(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      }),
      { 'Retry-After': '1' },
    );
  }
  if (match === 'Exact' && rv !== '0' && Number(rv) !== current)
    throw new HttpFailure(failureStatus(410, 'Expired', `too old resource version: ${rv} (${current})`));
}

/** Validates a list or watch request's query (limit, continue, resourceVersion, selectors) into a page request. */
export function pageRequest(
  ctx: HandlerContext,
  type: ResourceType,
  path: ResourcePath,
  query: URLSearchParams,
): PageRequest {
  checkResourceVersion(ctx, query);
  const limitText = query.get('limit');
  const limit = limitText === null || limitText === '' ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0)
    throw badRequest(`limit: Invalid value: "${limitText}": must be a non-negative integer`);
  // A real server may return fewer items than `limit` (and a continue token); clients must follow it.
  const pageLimit = ctx.maxPageSize === undefined ? limit : limit === 0 ? ctx.maxPageSize : Math.min(limit, ctx.maxPageSize);
  let after: string | undefined;
  const token = query.get('continue');
  if (token) {
    try {
      const position = decodeContinue(token);
      const ttl = ctx.faults.current.continueTokenTtlMs;
      if (!position.inconsistent && ttl !== undefined && Date.now() - position.issuedAt > ttl) {
        ctx.stats.fault('expired-continue');
        throw expired(token);
      }
      if (!position.inconsistent && position.resourceVersion !== ctx.store.resourceVersion)
        throw expired(token);
      after = position.lastKey;
    } catch (error) {
      if (error instanceof ContinueTokenError) throw badRequest(error.message);
      throw error;
    }
  }
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    const supported = supportedFieldLabels(type.resource);
    const unsupported = fields.find((f) => !supported.includes(f.field));
    if (unsupported) throw badRequest(`field label not supported: ${unsupported.field}`);
    return { namespace: path.namespace, limit: pageLimit, ...(after !== undefined ? { after } : {}), labels, fields };
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}
