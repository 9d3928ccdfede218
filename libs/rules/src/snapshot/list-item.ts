/**
 * A List item with what the API server leaves out filled in from the list: `PodList` items have no kind (`Pod`) and
 * typed lists' items no apiVersion (the list's own).
 */
export function listItem(list: { apiVersion?: unknown; kind?: unknown }, item: unknown): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  const listKind = typeof list.kind === 'string' ? list.kind : 'List';
  const kind = record.kind ?? (listKind !== 'List' ? listKind.slice(0, -'List'.length) : undefined);
  const apiVersion = record.apiVersion ?? (listKind !== 'List' ? list.apiVersion : undefined);
  if (kind === record.kind && apiVersion === record.apiVersion) return item;
  return {
    ...record,
    ...(kind !== undefined ? { kind } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
  };
}
