import { detectSecretContent, redactValue } from '../secrets/secret-content.detector.js';
import type { Evidence } from './rule.js';

/** Replaces confidential evidence values (flagged by the rule, or secret-looking) with a redacted description. */
export function redactEvidence(evidence: Evidence): Evidence {
  const { pointer, value, sensitive } = evidence;
  if (sensitive) return { pointer, value: redactValue(value, findSecretString(value, pointer)) };
  const found = findSecretString(value, pointer);
  return found
    ? { pointer, value: redactValue(value, found) }
    : value === undefined
      ? { pointer }
      : { pointer, value };
}

function findSecretString(value: unknown, pointer: string): string | undefined {
  return findSecretIn(value, lastSegment(pointer), 0);
}

/** `name`: the last pointer segment leading to `value`, what the detector judges a key name by. */
function findSecretIn(value: unknown, name: string, depth: number): string | undefined {
  if (typeof value === 'string') return detectSecretContent(name, value)?.kind;
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const found = findSecretIn((value as Record<string, unknown>)[key], lastSegment(key), depth + 1);
    if (found) return found;
  }
  return undefined;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
