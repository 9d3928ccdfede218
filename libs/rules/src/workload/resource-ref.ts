import type { K8sObject } from '../snapshot/snapshot.js';
import type { ResourceRef } from '../engine/vocabulary.js';

/** The reference a finding carries for an object. */
export function refOf(object: K8sObject): ResourceRef {
  const { apiVersion, kind } = object;
  const { namespace, name } = object.metadata;
  return namespace !== undefined ? { apiVersion, kind, namespace, name } : { apiVersion, kind, name };
}

/** JSON pointer of a path, escaping `~` and `/` in segments (RFC 6901). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Joins a base pointer with further segments. */
export function pointerUnder(base: string, ...segments: (string | number)[]): string {
  return base + pointer(...segments);
}

// Findings repeat a few hundred pointers (the same field of every workload): each is converted once. Bounded, so
// pointers naming data keys cannot grow it without limit in a long-running process.
const fieldPaths = new Map<string, string>();
const fieldPathsLimit = 8192;

/** `spec.template.spec.containers[0].image` style path from a JSON pointer, for messages. */
export function fieldPath(jsonPointer: string): string {
  let path = fieldPaths.get(jsonPointer);
  if (path === undefined) {
    path = convertPointer(jsonPointer);
    if (fieldPaths.size >= fieldPathsLimit) fieldPaths.clear();
    fieldPaths.set(jsonPointer, path);
  }
  return path;
}

function convertPointer(jsonPointer: string): string {
  // One pass instead of regular expressions: it runs for nearly every finding's message.
  let path = '';
  let start = 1;
  for (let i = 1; i <= jsonPointer.length; i++) {
    if (i < jsonPointer.length && jsonPointer.charCodeAt(i) !== 47 /* / */) continue;
    const segment = jsonPointer.slice(start, i);
    path += start === 1 ? segment : isIndex(segment) ? `[${segment}]` : `.${segment}`;
    start = i + 1;
  }
  return path.includes('~') ? path.replace(/~1/g, '/').replace(/~0/g, '~') : path;
}

function isIndex(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
