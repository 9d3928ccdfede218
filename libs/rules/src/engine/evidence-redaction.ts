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

function findSecretString(value: unknown, pointer: string, depth = 0): string | undefined {
  if (typeof value === 'string') return detectSecretContent(pointer.split('/').pop() ?? '', value)?.kind;
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findSecretString(item, `${pointer}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
