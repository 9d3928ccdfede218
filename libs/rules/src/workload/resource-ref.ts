import type { K8sObject } from '../snapshot/snapshot.js';
import type { ResourceRef } from '../engine/vocabulary.js';

/** The reference a finding carries for an object. */
export function refOf(object: K8sObject): ResourceRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
  };
}

/** JSON pointer of a path, escaping `~` and `/` in segments (RFC 6901). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Joins a base pointer with further segments. */
export function pointerUnder(base: string, ...segments: (string | number)[]): string {
  return base + pointer(...segments);
}

/** `spec.template.spec.containers[0].image` style path from a JSON pointer, for messages. */
export function fieldPath(jsonPointer: string): string {
  const path = jsonPointer
    .slice(1)
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  return path.includes('~') ? path.replace(/~1/g, '/').replace(/~0/g, '~') : path;
}
