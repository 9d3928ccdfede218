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
  // Concatenated, not JSON.stringify of a nested array: the same bytes without an array per finding and evidence item.
  return sha256HexPrefix(
    `[${listItemJson(ruleId)},${resourceIdentity(resource)}${listItemJson(container ?? '')},[${evidenceIdentity(evidence)}]]`,
  );
}

/**
 * The fingerprints of one evaluation, as `findingFingerprint` computes them. The identity parts that many findings
 * share are written once: the rule's (findings come rule by rule), each resource's (a workload's findings share its
 * reference), each container name's and each shared (frozen) evidence list's. Each identity is then one joined string
 * rather than a chain of a few dozen concatenations: fewer short-lived strings for the young generation to collect.
 */
export class FingerprintWriter {
  private ruleId: string | undefined;
  private rulePart = '';
  private readonly resources = new Map<ResourceRef, string>();
  private readonly containers = new Map<string, string>();
  private readonly sharedEvidence = new Map<Evidence[], string>();
  private readonly parts: string[] = ['', '', '', ',[', '', ']]'];

  /** The resource's part of fingerprint identities: one string per (kind, namespace, name), a key for counting. */
  resourceKey(resource: ResourceRef): string {
    let key = this.resources.get(resource);
    if (key === undefined) this.resources.set(resource, (key = resourceIdentity(resource)));
    return key;
  }

  fingerprint(
    ruleId: string,
    resource: ResourceRef,
    container: string | undefined,
    evidence: Evidence[],
  ): string {
    return this.fingerprintAt(ruleId, this.resourceKey(resource), container, evidence);
  }

  /** `fingerprint` for a caller that already has the resource's `resourceKey` (it also counts failures by it). */
  fingerprintAt(
    ruleId: string,
    resourcePart: string,
    container: string | undefined,
    evidence: Evidence[],
  ): string {
    if (ruleId !== this.ruleId) {
      this.ruleId = ruleId;
      this.rulePart = `[${listItemJson(ruleId)},`;
    }
    const name = container ?? '';
    let containerPart = this.containers.get(name);
    if (containerPart === undefined) {
      if (this.containers.size >= containerNamesLimit) this.containers.clear();
      this.containers.set(name, (containerPart = listItemJson(name)));
    }
    let evidencePart: string | undefined;
    if (Object.isFrozen(evidence)) {
      evidencePart = this.sharedEvidence.get(evidence);
      if (evidencePart === undefined)
        this.sharedEvidence.set(evidence, (evidencePart = evidenceIdentity(evidence)));
    } else evidencePart = evidenceIdentity(evidence);
    const parts = this.parts;
    parts[0] = this.rulePart;
    parts[1] = resourcePart;
    parts[2] = containerPart;
    parts[4] = evidencePart;
    return sha256HexPrefix(parts.join(''));
  }
}

const containerNamesLimit = 4096;

/** `"kind","namespace","name",` of a fingerprint identity. */
function resourceIdentity(resource: ResourceRef): string {
  return `${listItemJson(resource.kind)},${listItemJson(resource.namespace ?? '')},${listItemJson(resource.name)},`;
}

/** The evidence items of a fingerprint identity, `["pointer",value]` each, comma-separated. */
function evidenceIdentity(evidence: Evidence[]): string {
  let text = '';
  for (let i = 0; i < evidence.length; i++) {
    const item = evidence[i]!;
    text += `${i > 0 ? ',' : ''}[${listItemJson(item.pointer)},${listItemJson(item.value)}]`;
  }
  return text;
}

/** Strings JSON writes as they are, between quotes (no quote, backslash, control character or surrogate). */
const plainString = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * `JSON.stringify` of the value as an array element, with object keys sorted at every depth and `undefined` written as
 * `null`: the fingerprint's stable form, built as one string without a sorted copy of the value.
 */
function listItemJson(value: unknown): string {
  if (typeof value === 'string') return plainString.test(value) ? `"${value}"` : JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol')
    return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i > 0 ? ',' : ''}${listItemJson(value[i])}`;
    return `${text}]`;
  }
  let text = '{';
  for (const key of sortedKeys(value)) {
    const member = (value as Record<string, unknown>)[key];
    // Members JSON cannot write are left out, except `undefined`, written as `null` as stored fingerprints have it.
    if (typeof member === 'function' || typeof member === 'symbol') continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${listItemJson(member)}`;
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
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'binary') => string }).hash;

const fingerprintBytes = 16;
const hexDigits = '0123456789abcdef';
const hexCodes: number[] = new Array<number>(2 * fingerprintBytes).fill(0);

/**
 * The first 16 bytes of the SHA-256 of `text`, in lowercase hex. Written as a new 32-character string: a slice of the
 * 64-character hex digest would keep the whole digest alive in every finding (112 bytes instead of 48).
 */
function sha256HexPrefix(text: string): string {
  // `binary` (latin1): one character per digest byte.
  const digest = oneShot
    ? oneShot('sha256', text, 'binary')
    : crypto.createHash('sha256').update(text).digest('binary');
  for (let i = 0; i < fingerprintBytes; i++) {
    const byte = digest.charCodeAt(i);
    hexCodes[2 * i] = hexDigits.charCodeAt(byte >> 4);
    hexCodes[2 * i + 1] = hexDigits.charCodeAt(byte & 15);
  }
  return String.fromCharCode(...hexCodes);
}
