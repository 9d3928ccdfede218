import * as crypto from 'node:crypto';
import type { Evidence } from './rule.js';
import type { ResourceRef } from './vocabulary.js';

/**
 * A finding's identity across scans: rule, resource (kind without API version, so an API migration keeps it),
 * container and the reported evidence. The message is left out so rewording a rule does not reopen findings.
 */
export function findingFingerprint(
  ruleId: string,
  resource: ResourceRef,
  container: string | undefined,
  evidence: Evidence[],
): string {
  const identity = [
    ruleId,
    resource.kind,
    resource.namespace ?? '',
    resource.name,
    container ?? '',
    evidence.map((item) => [item.pointer, canonical(item.value)]),
  ];
  return sha256Hex(JSON.stringify(identity)).slice(0, 32);
}

function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === undefined ? null : value;
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value === undefined ? null : value;
}

/** One-shot hashing (`crypto.hash`, Node ≥ 20.12) avoids a Hash object per finding; same digest as createHash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}
