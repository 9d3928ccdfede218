import type { ResourceCollection, StoredObject } from '../store/object-store.js';
import {
  matchesFields,
  matchesLabels,
  type FieldRequirement,
  type LabelRequirement,
} from '../store/selectors.js';

export interface PageRequest {
  namespace: string | undefined;
  /** 0 = no limit. */
  limit: number;
  /** `namespace/name` after which to resume, from a continue token. */
  after?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export interface Page {
  items: StoredObject[];
  /** Key of the last item when more matching items may follow. */
  continueAfter?: string;
  /** Objects left after this page; only known without selectors, as on a real server. */
  remainingItemCount?: number;
}

function key(item: StoredObject): string {
  return `${item.namespace}/${item.name}`;
}

/** First index in [start, end) whose key sorts after `after` (binary search over the sorted collection). */
function indexAfter(items: readonly StoredObject[], start: number, end: number, after: string): number {
  const [ns, name] = splitKey(after);
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid]!;
    const beforeOrEqual = item.namespace < ns || (item.namespace === ns && item.name <= name);
    if (beforeOrEqual) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function splitKey(k: string): [string, string] {
  const slash = k.indexOf('/');
  return slash < 0 ? ['', k] : [k.slice(0, slash), k.slice(slash + 1)];
}

/** Selects one page of a list request from a sorted collection without copying or re-serializing objects. */
export function selectPage(collection: ResourceCollection, request: PageRequest): Page {
  const { start, end } = collection.range(request.namespace);
  const items = collection.items;
  const from = request.after === undefined ? start : indexAfter(items, start, end, request.after);
  const filtered = request.labels.length > 0 || request.fields.length > 0;
  const limit = request.limit > 0 ? request.limit : Number.POSITIVE_INFINITY;
  if (!filtered) {
    const to = Math.min(end, from + limit);
    const page = items.slice(from, to);
    const last = page[page.length - 1];
    return to < end && last
      ? { items: page, continueAfter: key(last), remainingItemCount: end - to }
      : { items: page };
  }
  const page: StoredObject[] = [];
  let i = from;
  for (; i < end && page.length < limit; i++) {
    const item = items[i]!;
    if (matchesLabels(request.labels, item.labels) && matchesFields(request.fields, fieldsOf(item)))
      page.push(item);
  }
  const last = page[page.length - 1];
  return i < end && last ? { items: page, continueAfter: key(last) } : { items: page };
}

function fieldsOf(item: StoredObject): Record<string, string> {
  return { ...item.fields, 'metadata.name': item.name, 'metadata.namespace': item.namespace };
}
