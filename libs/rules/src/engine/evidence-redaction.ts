import { detectSecretContent, redactValue } from '../secrets/secret-content.detector.js';
import type { Evidence } from './rule.js';

/**
 * Evidence as reported: each item redacted by `redactEvidence`. Items with nothing to redact, already in the shape
 * redaction would produce, are kept as they are (and the list too when all are), instead of copied per finding.
 */
export function redactEvidenceList(evidence: Evidence[]): Evidence[] {
  if (evidence === lastFrozenAsIs) return evidence;
  let result: Evidence[] | undefined;
  for (let i = 0; i < evidence.length; i++) {
    const item = evidence[i]!;
    const redacted = reportedAsIs(item) ? item : redactEvidence(item);
    if (redacted !== item) result ??= evidence.slice(0, i);
    result?.push(redacted);
  }
  if (result === undefined && immutable(evidence)) lastFrozenAsIs = evidence;
  return result ?? evidence;
}

// Consecutive findings of a rule often share one frozen evidence list (catalog/shared/finding.ts): the last such list
// reported as is is remembered, so a run of them is checked once. Being immutable, it cannot change between checks.
let lastFrozenAsIs: Evidence[] | undefined;

function immutable(evidence: Evidence[]): boolean {
  if (!Object.isFrozen(evidence)) return false;
  for (const item of evidence)
    if (!Object.isFrozen(item) || (typeof item.value === 'object' && item.value !== null)) return false;
  return true;
}

/** `{ pointer }` or `{ pointer, value }` (keys in that order), not flagged, with no secret-looking string inside. */
function reportedAsIs(evidence: Evidence): boolean {
  let position = 0;
  for (const key in evidence) {
    if (key !== (position === 0 ? 'pointer' : position === 1 ? 'value' : undefined)) return false;
    position++;
  }
  return position > 0 && (evidence.value === undefined ? position === 1 : !findSecretString(evidence.value, evidence.pointer));
}

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
