import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureStatus } from '../api/status.js';
import type { ObjectStore } from '../store/object-store.js';
import { sendJson } from './http-failure.js';
import { splitVirtualClusterUrl } from './virtual-cluster-path.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Routes `/clusters/<index>/…` to that cluster's handler, over the store of its state (`index % distinctStates`).
 * Stores are built on first use and shared: a thousand clusters over a few dozen states cost a few dozen stores.
 */
export function virtualClusterHandler(
  clusters: { count: number; distinctStates?: number },
  storeOf: (state: number) => Promise<ObjectStore>,
  handlerOf: (store: ObjectStore, index: number) => Handler,
): Handler {
  const states = Math.max(1, Math.min(clusters.distinctStates ?? clusters.count, clusters.count));
  const stores = new Map<number, Promise<ObjectStore>>();
  const handlers = new Map<number, Promise<Handler>>();
  const handlerFor = (index: number): Promise<Handler> => {
    let handler = handlers.get(index);
    if (!handler) {
      const state = index % states;
      let store = stores.get(state);
      if (!store) {
        store = storeOf(state);
        stores.set(state, store);
      }
      handler = store.then((served) => handlerOf(served, index));
      handlers.set(index, handler);
    }
    return handler;
  };
  return (req, res) => {
    const target = splitVirtualClusterUrl(req.url ?? '/');
    if (!target || target.index >= clusters.count) {
      req.resume();
      sendJson(
        res,
        404,
        failureStatus(404, 'NotFound', `no virtual cluster at this path; use /clusters/<0-${clusters.count - 1}>/…`),
      );
      return;
    }
    req.url = target.url;
    handlerFor(target.index).then(
      (serve) => serve(req, res),
      (error: unknown) => {
        req.resume();
        sendJson(res, 500, failureStatus(500, 'InternalError', `virtual cluster ${target.index}: ${String(error)}`));
      },
    );
  };
}
