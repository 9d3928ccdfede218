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
  const namespace = resource.namespace ?? '';
  const pairs: unknown[][] = [];
  let flat = !isObject(resource.kind) && !isObject(resource.name) && !isObject(resource.namespace);
  for (const item of evidence) {
    if (isObject(item.pointer) || isObject(item.value)) flat = false;
    pairs.push([item.pointer, item.value]);
  }
  // Without nested objects there are no keys to sort: one native JSON.stringify writes the same bytes.
  if (flat) return sha256Hex(JSON.stringify([ruleId, resource.kind, namespace, resource.name, container ?? '', pairs])).slice(0, 32);
  let identity = '[';
  for (const part of [ruleId, resource.kind, namespace, resource.name, container ?? ''])
    identity += `${canonicalJson(part, true)},`;
  identity += '[';
  evidence.forEach((item, index) => {
    identity += `${index > 0 ? ',' : ''}[${canonicalJson(item.pointer, true)},${canonicalJson(item.value, true)}]`;
  });
  return sha256Hex(`${identity}]]`).slice(0, 32);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Strings JSON writes as they are, between quotes (no quote, backslash, control character or surrogate). */
const plainString = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * `JSON.stringify` of the value with object keys sorted at every depth and `undefined` written as `null`, built as
 * one string: the fingerprint's stable form, without a sorted copy of every evidence value.
 */
function canonicalJson(value: unknown, inList: boolean): string | undefined {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'function' || typeof value === 'symbol') return inList ? 'null' : undefined;
  if (typeof value === 'string') return plainString.test(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i > 0 ? ',' : ''}${canonicalJson(value[i], true)}`;
    return `${text}]`;
  }
  let text = '{';
  for (const key of sortedKeys(value)) {
    const item = canonicalJson((value as Record<string, unknown>)[key], false);
    if (item === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${item}`;
  }
  return `${text}}`;
}

/**
 * Keys sorted, in the order an object built from them enumerates: array-index keys first, numerically (the order the
 * previous implementation got from `Object.fromEntries` of the sorted keys, which fingerprints already stored keep).
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  // Evidence objects mostly come with their keys already in order: checking is cheaper than sorting a copy.
  if (!inOrder(keys)) keys.sort();
  if (!keys.some(isArrayIndex)) return keys;
  return [
    ...keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)),
    ...keys.filter((key) => !isArrayIndex(key)),
  ];
}

function inOrder(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) <= 4294967294;
}

/** One-shot hashing (`crypto.hash`, Node ≥ 20.12) avoids a Hash object per finding; same digest as createHash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}
