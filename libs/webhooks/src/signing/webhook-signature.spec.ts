import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhookPayload, verifyWebhookSignature } from './webhook-signature.js';

const body = '{"id":"evt_1","type":"scan.new_findings"}';
const secret = 'whsec_current';
const now = 1_790_000_000;

describe('signWebhookPayload', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>" in hex, as documented for receivers in other languages', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhookPayload(body, secret, now)).toBe(`t=${now},v1=${expected}`);
    expect(computeWebhookSignature(Buffer.from(body), secret, now)).toBe(expected);
  });

  it('carries one v1 per secret during a rotation', () => {
    const header = signWebhookPayload(body, [secret, 'whsec_previous'], now);
    expect(header.split(',')).toHaveLength(3);
    expect(verifyWebhookSignature(body, header, 'whsec_previous', { now })).toEqual({
      ok: true,
      timestamp: now,
    });
    expect(verifyWebhookSignature(body, header, secret, { now })).toEqual({ ok: true, timestamp: now });
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhookPayload(body, [], now)).toThrow(/at least one endpoint secret/);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signWebhookPayload(body, secret, now);

  it('accepts the exact body within the tolerance, either side of the clock', () => {
    expect(verifyWebhookSignature(body, header, secret, { now: now + 299 }).ok).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), header, secret, { now: now - 299 }).ok).toBe(true);
  });

  it('rejects a tampered body, a wrong secret and an old timestamp, each with its reason', () => {
    expect(verifyWebhookSignature(body.replace('evt_1', 'evt_2'), header, secret, { now })).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verifyWebhookSignature(body, header, 'whsec_other', { now })).toMatchObject({
      reason: 'signature-mismatch',
    });
    expect(verifyWebhookSignature(body, header, secret, { now: now + 301 })).toMatchObject({
      reason: 'timestamp-outside-tolerance',
    });
    expect(verifyWebhookSignature(body, header, secret, { now: now + 3600, toleranceSeconds: 7200 }).ok).toBe(
      true,
    );
  });

  it('rejects a replayed signature moved onto a fresh timestamp', () => {
    const replayed = header.replace(`t=${now}`, `t=${now + 1000}`);
    expect(verifyWebhookSignature(body, replayed, secret, { now: now + 1000 })).toMatchObject({
      reason: 'signature-mismatch',
    });
  });

  it('accepts when the receiver holds several secrets and any one matches', () => {
    expect(verifyWebhookSignature(body, header, ['whsec_new', secret], { now }).ok).toBe(true);
  });

  it('explains missing and malformed headers', () => {
    expect(verifyWebhookSignature(body, undefined, secret, { now })).toMatchObject({
      reason: 'missing-header',
    });
    expect(verifyWebhookSignature(body, 'garbage', secret, { now })).toMatchObject({
      reason: 'malformed-header',
    });
    expect(verifyWebhookSignature(body, `v1=${'a'.repeat(64)}`, secret, { now })).toMatchObject({
      reason: 'malformed-header',
    });
    expect(
      verifyWebhookSignature(body, `t=${now},t=${now},v1=${'a'.repeat(64)}`, secret, { now }),
    ).toMatchObject({
      reason: 'malformed-header',
    });
    expect(verifyWebhookSignature(body, `t=${now},v0=abc`, secret, { now })).toMatchObject({
      reason: 'no-v1-signature',
    });
    expect(verifyWebhookSignature(body, `t=${now},v1=zz`, secret, { now })).toMatchObject({
      reason: 'no-v1-signature',
    });
  });

  it('ignores unknown schemes next to a valid v1', () => {
    expect(verifyWebhookSignature(body, `${header},v2=whatever`, secret, { now }).ok).toBe(true);
  });

  it('throws when the receiver passes no secret (a configuration error, not a bad request)', () => {
    expect(() => verifyWebhookSignature(body, header, '', { now })).toThrow(TypeError);
  });
});
