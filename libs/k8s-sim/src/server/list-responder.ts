import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { K8sObject } from '../api/k8s-object.js';
import type { Page } from '../api/list-pager.js';
import { groupVersionOf, type ResourceType } from '../api/resource-catalog.js';
import { columnDefinitions, tableColumns, tableRow } from '../api/table-converter.js';
import type { FaultDecision } from '../faults/fault-injector.js';
import type { StoredObject } from '../store/object-store.js';
import type { HandlerContext } from './handler-context.js';
import { sendJson } from './http-failure.js';

const itemsPerWrite = 256;

/** Built-in kinds are stored without kind/apiVersion (as list items are); a single GET carries them. */
export function withTypeMeta(type: ResourceType, json: string): string {
  if (json.startsWith('{"apiVersion"')) return json;
  return `{"kind":${JSON.stringify(type.kind)},"apiVersion":${JSON.stringify(groupVersionOf(type))},${json.slice(1)}`;
}

/** A meta.k8s.io/v1 Table of the given objects, as kubectl's human-readable output asks for. */
export function sendTable(
  res: ServerResponse,
  type: ResourceType,
  items: readonly StoredObject[],
  metadata: Record<string, unknown>,
  query: URLSearchParams,
): void {
  const columns = tableColumns(type.resource);
  const include = query.get('includeObject') ?? 'Metadata';
  const rows = items.map((item) => {
    const obj = JSON.parse(item.json) as K8sObject;
    const row = tableRow(columns, obj) as Record<string, unknown>;
    if (include === 'None') delete row.object;
    if (include === 'Object') row.object = { ...obj, kind: type.kind, apiVersion: groupVersionOf(type) };
    return row;
  });
  sendJson(res, 200, {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columnDefinitions(columns),
    rows,
  });
}

/** Writes a list response in slices of pre-serialized items, honouring backpressure; faults may delay or cut it. */
export async function streamList(
  ctx: HandlerContext,
  res: ServerResponse,
  type: ResourceType,
  page: Page,
  metadata: Record<string, unknown>,
  decision: FaultDecision,
): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  if (decision.slowPageMs !== undefined) {
    ctx.stats.fault('slow-page');
    res.flushHeaders();
    await sleep(decision.slowPageMs);
    if (res.destroyed) return;
  }
  const listKind = `${type.kind}List`;
  const head = `{"kind":${JSON.stringify(listKind)},"apiVersion":${JSON.stringify(groupVersionOf(type))},"metadata":${JSON.stringify(metadata)},"items":[`;
  const cutAt = decision.failure === 'reset' ? Math.floor(page.items.length / 2) : -1;
  let pending = head;
  for (let i = 0; i < page.items.length; i += itemsPerWrite) {
    if (cutAt >= 0 && i >= cutAt) break;
    const slice = page.items.slice(i, i + itemsPerWrite);
    pending += (i > 0 ? ',' : '') + slice.map((item) => item.json).join(',');
    if (!res.write(pending)) await once(res, 'drain');
    pending = '';
    if (res.destroyed) return;
  }
  if (cutAt >= 0) {
    if (pending) res.write(pending);
    ctx.stats.fault('reset');
    await sleep(5);
    resetConnection(res.socket);
    return;
  }
  res.end(`${pending}]}`);
}

/** Aborts the TCP connection with a RST when possible (a TLS socket's underlying TCP handle), else a plain destroy. */
function resetConnection(socket: Socket | null): void {
  if (!socket) return;
  const parent = (socket as Socket & { _parent?: Socket | null })._parent;
  for (const candidate of [parent, socket]) {
    if (candidate && typeof candidate.resetAndDestroy === 'function') {
      try {
        candidate.resetAndDestroy();
        socket.destroy();
        return;
      } catch {
        // not a TCP handle; try the next one
      }
    }
  }
  socket.destroy();
}
