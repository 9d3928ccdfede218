import { createHmac, randomBytes } from 'node:crypto';
import type { SecretValueDigest } from '@meshguard/rules';

/**
 * Turns Secret values into keyed digests. The key is random per snapshot and lives only in this object, so equal
 * values compare equal within one snapshot while no value can be recovered or matched across snapshots.
 */
export class SecretDigester {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** Digest of a value given as the API returns it (`data`: base64). Invalid base64 is digested as text. */
  digestBase64(encoded: unknown): SecretValueDigest {
    const text = typeof encoded === 'string' ? encoded : '';
    return this.digestBytes(decodeBase64(text) ?? Buffer.from(text, 'utf8'));
  }

  /** Digest of a plain-text value (`stringData` in manifests). */
  digestText(value: unknown): SecretValueDigest {
    return this.digestBytes(Buffer.from(typeof value === 'string' ? value : String(value ?? ''), 'utf8'));
  }

  private digestBytes(bytes: Buffer): SecretValueDigest {
    const looksLike = classifySecretContent(bytes);
    const digest: SecretValueDigest = {
      hmac: createHmac('sha256', this.key).update(bytes).digest('base64url'),
      bytes: bytes.length,
    };
    if (looksLike) digest.looksLike = looksLike;
    bytes.fill(0);
    return digest;
  }
}

// Every PEM label below starts with this marker; values without it skip the patterns.
const pemMarker = '-----BEGIN ';
const pemLabels: [RegExp, string][] = [
  [/-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/, 'pem-private-key'],
  [/-----BEGIN CERTIFICATE-----/, 'pem-certificate'],
  [/-----BEGIN (?:RSA )?PUBLIC KEY-----/, 'pem-public-key'],
  [/-----BEGIN PGP PRIVATE KEY BLOCK-----/, 'pgp-private-key'],
];

/** A coarse class of what a secret value is, decided before the value is dropped; undefined for plain text. */
export function classifySecretContent(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'empty';
  // Nearly every value is small: decode it once and let the head, the text sample and the whole text share it.
  const whole = bytes.length <= 4096 ? bytes.toString('utf8') : undefined;
  const head = whole ?? bytes.subarray(0, 4096).toString('utf8');
  if (head.includes(pemMarker)) for (const [pattern, label] of pemLabels) if (pattern.test(head)) return label;
  if (!isMostlyText(bytes, bytes.length <= 1024 ? head : undefined)) return 'binary';
  const text = (whole ?? bytes.toString('utf8')).trim();
  if (/^eyJ[\w-]+\.eyJ[\w-]*\.[\w-]*$/.test(text)) return 'jwt';
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as unknown;
      if (typeof json === 'object' && json !== null && 'auths' in json) return 'dockerconfigjson';
      return 'json';
    } catch {
      // Not JSON after all; fall through to the text checks.
    }
  }
  if (/^(AKIA|ASIA)[0-9A-Z]{16}$/.test(text)) return 'aws-access-key-id';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(text)) return 'url-with-credentials';
  if (/^ssh-(rsa|ed25519|dss) |^ecdsa-sha2-/.test(text)) return 'ssh-public-key';
  return undefined;
}

// A byte below 32 other than tab, newline, vertical tab, form feed or carriage return, or a replacement character.
// UTF-8 decoding keeps every byte below 128 as that character, so testing the decoded sample sees the same control
// bytes as a loop over the raw bytes would, with no interpreted loop in a cold process.
const controlOrBrokenUtf8 = /[\u0000-\u0008\u000E-\u001F\uFFFD]/;

/** True when the first 1024 bytes hold no control characters and decode as UTF-8 (`decoded`: that sample as text). */
function isMostlyText(bytes: Buffer, decoded?: string): boolean {
  return !controlOrBrokenUtf8.test(decoded ?? bytes.subarray(0, 1024).toString('utf8'));
}

/**
 * The bytes of `text` when it is valid base64, else undefined. Nearly every value the API returns is canonical
 * base64, which decodes and re-encodes to itself (two native calls); anything else is checked character by character.
 */
function decodeBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') === text || isBase64(text)) return bytes;
  bytes.fill(0); // what a lenient decode made of a value that is not base64 is dropped, like every decoded value
  return undefined;
}

/** Same as `/^[A-Za-z0-9+/]*={0,2}$/` with a length divisible by 4; a loop, since it runs for every Secret value. */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    const valid =
      (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47;
    if (!valid) return false;
  }
  return true;
}
