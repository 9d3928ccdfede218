import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HTTP header carrying the signature: `Meshguard-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
export const signatureHeaderName = 'Meshguard-Signature';

/** Receivers reject deliveries whose timestamp is further than this from their clock (5 minutes). */
export const defaultSignatureToleranceSeconds = 300;

/**
 * HMAC-SHA256 of `<timestamp>.<raw body>` keyed with the endpoint secret, as lowercase hex.
 * The timestamp is part of the signed text, so an attacker cannot replay an old body with a fresh timestamp.
 */
export function computeWebhookSignature(rawBody: string | Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * The `Meshguard-Signature` header value for a body sent at `timestamp` (unix seconds). With several secrets (during
 * a secret rotation) the header carries one `v1` per secret, so receivers holding either secret accept it.
 */
export function signWebhookPayload(
  rawBody: string | Buffer,
  secrets: string | readonly string[],
  timestamp: number,
): string {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0) throw new TypeError('signWebhookPayload needs at least one endpoint secret');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError(`signature timestamp must be unix seconds, got ${timestamp}`);
  return [
    `t=${timestamp}`,
    ...keys.map((key) => `v1=${computeWebhookSignature(rawBody, key, timestamp)}`),
  ].join(',');
}

export type SignatureRejection =
  | 'missing-header'
  | 'malformed-header'
  | 'no-v1-signature'
  | 'timestamp-outside-tolerance'
  | 'signature-mismatch';

export type SignatureVerification =
  { ok: true; timestamp: number } | { ok: false; reason: SignatureRejection; message: string };

export interface VerifyOptions {
  /** Largest accepted distance between the signed timestamp and `now`, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The receiver's clock, unix seconds (default: the current time). */
  now?: number;
}

/**
 * Checks a webhook delivery on the receiving side. Pass the body exactly as received (bytes or string, before any
 * JSON parsing), the `Meshguard-Signature` header, and the endpoint secret — or several secrets while rotating.
 * Accepts when any `v1` value matches any secret (compared in constant time) and the timestamp is within the tolerance.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | readonly string[] | undefined | null,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): SignatureVerification {
  const reject = (reason: SignatureRejection, message: string): SignatureVerification => ({
    ok: false,
    reason,
    message,
  });
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((key) => key.length === 0))
    throw new TypeError('verifyWebhookSignature needs the endpoint secret (a non-empty string)');
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined | null);
  if (!text) return reject('missing-header', `the ${signatureHeaderName} header is missing`);

  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of text.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 1) return reject('malformed-header', `${signatureHeaderName} has a malformed element`);
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined)
        return reject('malformed-header', `${signatureHeaderName} needs exactly one numeric t= timestamp`);
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(Buffer.from(value, 'hex'));
    // Unknown schemes (v0, future v2) are ignored so senders can add schemes without breaking receivers.
  }
  if (timestamp === undefined)
    return reject('malformed-header', `${signatureHeaderName} has no t= timestamp`);
  if (candidates.length === 0) return reject('no-v1-signature', `${signatureHeaderName} has no v1 signature`);

  const tolerance = options.toleranceSeconds ?? defaultSignatureToleranceSeconds;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > tolerance)
    return reject(
      'timestamp-outside-tolerance',
      `signature timestamp ${timestamp} is ${now - timestamp} s from the receiver clock (tolerance ${tolerance} s)`,
    );

  let matched = false;
  for (const key of secrets) {
    const expected = Buffer.from(computeWebhookSignature(rawBody, key, timestamp), 'hex');
    // Every candidate is compared, match or not, so timing does not reveal which one matched.
    for (const candidate of candidates) if (timingSafeEqual(expected, candidate)) matched = true;
  }
  return matched
    ? { ok: true, timestamp }
    : reject('signature-mismatch', 'no v1 signature matches the body and the endpoint secret');
}
