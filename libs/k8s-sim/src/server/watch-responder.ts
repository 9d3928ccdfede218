import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { selectPage, type PageRequest } from '../api/list-pager.js';
import { groupVersionOf, type ResourceType } from '../api/resource-catalog.js';
import type { ObjectStore } from '../store/object-store.js';

const defaultTimeoutSeconds = 1800;

/**
 * Serves `?watch=true`. The data never changes, so a watch is: ADDED events for the current objects when the client
 * starts from no resourceVersion (or "0"), an optional BOOKMARK, then silence until `timeoutSeconds` or disconnect.
 */
export async function streamWatch(
  res: ServerResponse,
  type: ResourceType,
  store: ObjectStore,
  request: PageRequest,
  query: URLSearchParams,
): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const rv = query.get('resourceVersion') ?? '';
  const typeMeta = `"kind":${JSON.stringify(type.kind)},"apiVersion":${JSON.stringify(groupVersionOf(type))},`;
  if (rv === '' || rv === '0') {
    const collection = store.collection(type.group, type.version, type.resource);
    const items = collection ? selectPage(collection, request).items : [];
    for (const item of items) {
      const object = item.json.startsWith('{"apiVersion"') ? item.json : `{${typeMeta}${item.json.slice(1)}`;
      if (!res.write(`{"type":"ADDED","object":${object}}\n`)) await once(res, 'drain');
      if (res.destroyed) return;
    }
  }
  if (query.get('allowWatchBookmarks') === 'true') {
    res.write(
      `{"type":"BOOKMARK","object":{${typeMeta}"metadata":{"resourceVersion":${JSON.stringify(store.resourceVersion)}}}}\n`,
    );
  }
  const timeout = Number(query.get('timeoutSeconds') ?? defaultTimeoutSeconds);
  const timer = setTimeout(
    () => res.end(),
    (Number.isFinite(timeout) && timeout > 0 ? timeout : defaultTimeoutSeconds) * 1000,
  );
  res.once('close', () => clearTimeout(timer));
}
