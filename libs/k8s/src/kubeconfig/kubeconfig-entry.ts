/** Reports one problem with a kubeconfig field: path, what is wrong, how to fix it. */
export type Report = (path: string, reason: string, fix: string) => void;

export interface NamedEntry {
  name: string;
  /** Path of the inner object, e.g. `users[2].user`. */
  path: string;
  body: Record<string, unknown>;
}

/** Reports every field of an entry that is not in `known` (misspelt or unsupported fields are refused, not ignored). */
export function checkKnownFields(entry: NamedEntry, known: Set<string>, report: Report): void {
  for (const field of Object.keys(entry.body)) {
    if (!known.has(field)) {
      report(
        `${entry.path}.${field}`,
        'is not a kubeconfig field meshguard knows',
        'remove it (it may be misspelt or from a newer kubeconfig version)',
      );
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
