import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** The detached signature of a report, as stored next to it and written to `<report>.sig`. */
export interface ReportSignature {
  format: typeof signatureFormat;
  algorithm: 'Ed25519';
  /** `sha256:` + hex SHA-256 of the public key's SPKI DER encoding. */
  keyId: string;
  /** `sha256:` + hex SHA-256 of the exact report bytes. */
  digest: string;
  /** Base64 Ed25519 signature over `signedMessage(digest)`. */
  signature: string;
}

export const signatureFormat = 'meshguard-report-signature/v1';

/** A new Ed25519 key pair in PEM (PKCS#8 private, SPKI public) with its key id. */
export interface SigningKeyPair {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A problem with a key, signature file or report given to verification: bad input rather than a bad signature. */
export class SignatureInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureInputError';
  }
}

/** Generates an Ed25519 signing key pair. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: signingKeyId(publicKey),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The key id of a public (or private) key: `sha256:` + hex SHA-256 of the public key's SPKI DER bytes. */
export function signingKeyId(key: KeyObject | string): string {
  const publicKey = toPublicKey(key);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** `sha256:` + hex SHA-256 of the bytes; feed chunks with `createReportDigest` when streaming. */
export function digestReport(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** An incremental digest: update it with each chunk as the report streams, then read `digest()`. */
export function createReportDigest(): { update(chunk: Uint8Array | string): void; digest(): string } {
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => `sha256:${hash.digest('hex')}`,
  };
}

/**
 * What is signed: a domain-separated statement of the report's digest. Signing the digest (not the whole file)
 * lets a fleet-sized report be hashed as it streams; any changed byte changes the digest and so fails verification.
 */
export function signedMessage(digest: string): Buffer {
  return Buffer.from(`${signatureFormat}\n${digest}\n`, 'utf8');
}

/** Signs a report digest (from `digestReport` or `createReportDigest`) with an Ed25519 private key (PEM or KeyObject). */
export function signReportDigest(digest: string, privateKey: KeyObject | string): ReportSignature {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new SignatureInputError('a digest is "sha256:" and 64 hex characters');
  const key = toPrivateKey(privateKey);
  return {
    format: signatureFormat,
    algorithm: 'Ed25519',
    keyId: signingKeyId(key),
    digest,
    signature: sign(null, signedMessage(digest), key).toString('base64'),
  };
}

/** Signs the exact report bytes. */
export function signReport(bytes: Uint8Array | string, privateKey: KeyObject | string): ReportSignature {
  return signReportDigest(digestReport(bytes), privateKey);
}

export type VerifyResult =
  { ok: true; keyId: string; digest: string } | { ok: false; keyId: string; reason: string };

/**
 * Checks report bytes against a signature and public key: the digest must match the bytes, the key id the key,
 * and the Ed25519 signature the digest. Throws `SignatureInputError` for an unreadable key or signature.
 */
export function verifyReport(
  bytes: Uint8Array | string,
  signature: ReportSignature | string,
  publicKey: KeyObject | string,
): VerifyResult {
  return verifyReportDigest(digestReport(bytes), signature, publicKey);
}

/** As `verifyReport`, for a digest computed while streaming the report. */
export function verifyReportDigest(
  digest: string,
  signature: ReportSignature | string,
  publicKey: KeyObject | string,
): VerifyResult {
  const parsed = typeof signature === 'string' ? parseReportSignature(signature) : signature;
  const key = toPublicKey(publicKey);
  const keyId = signingKeyId(key);
  if (parsed.keyId !== keyId)
    return {
      ok: false,
      keyId,
      reason: `the signature was made with key ${parsed.keyId}, not with the given key ${keyId}`,
    };
  if (parsed.digest !== digest)
    return {
      ok: false,
      keyId,
      reason: `the report's digest ${digest} differs from the signed digest ${parsed.digest}`,
    };
  const valid = verify(null, signedMessage(parsed.digest), key, Buffer.from(parsed.signature, 'base64'));
  return valid
    ? { ok: true, keyId, digest }
    : { ok: false, keyId, reason: 'the Ed25519 signature does not match' };
}

/** Reads a `.sig` file's JSON, checking its shape. */
export function parseReportSignature(text: string): ReportSignature {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SignatureInputError('the signature file is not JSON');
  }
  const record = value as Partial<Record<keyof ReportSignature, unknown>> | null;
  if (!record || typeof record !== 'object')
    throw new SignatureInputError('the signature file is not a JSON object');
  if (record.format !== signatureFormat)
    throw new SignatureInputError(`the signature's "format" must be "${signatureFormat}"`);
  if (record.algorithm !== 'Ed25519')
    throw new SignatureInputError('the signature\'s "algorithm" must be "Ed25519"');
  for (const field of ['keyId', 'digest', 'signature'] as const)
    if (typeof record[field] !== 'string' || record[field] === '')
      throw new SignatureInputError(`the signature's "${field}" must be a non-empty string`);
  return record as ReportSignature;
}

/** The signature as written to `<report>.sig`. */
export function formatReportSignature(signature: ReportSignature): string {
  return `${JSON.stringify(signature, null, 2)}\n`;
}

function toPrivateKey(key: KeyObject | string): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (error) {
    throw new SignatureInputError(
      `not a readable private key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (object.type !== 'private' || object.asymmetricKeyType !== 'ed25519')
    throw new SignatureInputError('the signing key must be an Ed25519 private key (PEM, PKCS#8)');
  return object;
}

function toPublicKey(key: KeyObject | string): KeyObject {
  let object: KeyObject;
  try {
    object =
      typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  } catch (error) {
    throw new SignatureInputError(
      `not a readable public key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (object.asymmetricKeyType !== 'ed25519') throw new SignatureInputError('the key must be an Ed25519 key');
  return object;
}
