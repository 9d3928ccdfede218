import { describe, expect, it } from 'vitest';
import {
  createReportDigest,
  digestReport,
  formatReportSignature,
  generateSigningKeyPair,
  parseReportSignature,
  SignatureInputError,
  signingKeyId,
  signReport,
  signReportDigest,
  verifyReport,
} from '../src/index.js';

describe('report signing', () => {
  const keys = generateSigningKeyPair();
  const report = Buffer.from('{"framework":"cis-k8s-v1.10","summary":{"score":71.5}}\n');

  it('names a key by the SHA-256 of its SPKI bytes, the same from the private or the public key', () => {
    expect(keys.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(signingKeyId(keys.publicKeyPem)).toBe(keys.keyId);
    expect(signingKeyId(generateSigningKeyPair().publicKeyPem)).not.toBe(keys.keyId);
  });

  it('verifies an untouched report', () => {
    const signature = signReport(report, keys.privateKeyPem);
    expect(signature).toMatchObject({
      algorithm: 'Ed25519',
      keyId: keys.keyId,
      digest: digestReport(report),
    });
    const text = formatReportSignature(signature);
    expect(verifyReport(report, text, keys.publicKeyPem)).toEqual({
      ok: true,
      keyId: keys.keyId,
      digest: digestReport(report),
    });
  });

  it('fails on any single changed byte', () => {
    const signature = signReport(report, keys.privateKeyPem);
    for (let index = 0; index < report.length; index++) {
      const tampered = Buffer.from(report);
      tampered[index] = tampered[index]! ^ 0x01;
      const result = verifyReport(tampered, signature, keys.publicKeyPem);
      expect(result.ok).toBe(false);
    }
  });

  it('fails with another key, a forged digest or a changed signature', () => {
    const signature = signReport(report, keys.privateKeyPem);
    const other = generateSigningKeyPair();
    expect(verifyReport(report, signature, other.publicKeyPem)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/made with key/),
    });
    // A forger who edits the report and the digest in the .sig still needs the private key.
    const edited = Buffer.concat([report, Buffer.from(' ')]);
    expect(
      verifyReport(edited, { ...signature, digest: digestReport(edited) }, keys.publicKeyPem),
    ).toMatchObject({
      ok: false,
      reason: 'the Ed25519 signature does not match',
    });
    const bytes = Buffer.from(signature.signature, 'base64');
    bytes[0] = bytes[0]! ^ 0x80;
    expect(
      verifyReport(report, { ...signature, signature: bytes.toString('base64') }, keys.publicKeyPem).ok,
    ).toBe(false);
  });

  it('signs a digest computed chunk by chunk like the whole bytes', () => {
    const digest = createReportDigest();
    for (let offset = 0; offset < report.length; offset += 7)
      digest.update(report.subarray(offset, offset + 7));
    const signature = signReportDigest(digest.digest(), keys.privateKeyPem);
    expect(verifyReport(report, signature, keys.publicKeyPem).ok).toBe(true);
  });

  it('rejects unreadable keys and signature files as input errors', () => {
    expect(() => signReport(report, 'not a pem')).toThrow(SignatureInputError);
    expect(() => signReport(report, keys.publicKeyPem)).toThrow(SignatureInputError);
    expect(() => parseReportSignature('{')).toThrow(/not JSON/);
    expect(() => parseReportSignature('{"format":"x"}')).toThrow(/format/);
    expect(() => verifyReport(report, signReport(report, keys.privateKeyPem), 'garbage')).toThrow(
      SignatureInputError,
    );
  });
});
