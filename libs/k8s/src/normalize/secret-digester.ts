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
    const bytes = isBase64(text) ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    return this.digestBytes(bytes);
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

const pemLabels: [RegExp, string][] = [
  [/-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/, 'pem-private-key'],
  [/-----BEGIN CERTIFICATE-----/, 'pem-certificate'],
  [/-----BEGIN (?:RSA )?PUBLIC KEY-----/, 'pem-public-key'],
  [/-----BEGIN PGP PRIVATE KEY BLOCK-----/, 'pgp-private-key'],
];

/** A coarse class of what a secret value is, decided before the value is dropped; undefined for plain text. */
export function classifySecretContent(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'empty';
  const head = bytes.subarray(0, 4096).toString('utf8');
  for (const [pattern, label] of pemLabels) if (pattern.test(head)) return label;
  if (!isMostlyText(bytes)) return 'binary';
  const text = bytes.toString('utf8').trim();
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

function isMostlyText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 1024);
  let control = 0;
  for (const byte of sample) if (byte < 9 || (byte > 13 && byte < 32)) control++;
  return control === 0 && !sample.toString('utf8').includes('\uFFFD');
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
}
