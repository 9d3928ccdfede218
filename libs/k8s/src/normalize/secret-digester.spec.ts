import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifySecretContent, SecretDigester } from './secret-digester.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('SecretDigester', () => {
  it('gives equal values equal digests within one digester and different ones across digesters', () => {
    const a = new SecretDigester();
    const b = new SecretDigester();
    expect(a.digestBase64(b64('x')).hmac).toBe(a.digestText('x').hmac);
    expect(a.digestText('x').hmac).not.toBe(b.digestText('x').hmac);
    expect(a.digestText('x').hmac).not.toBe(a.digestText('y').hmac);
  });

  it('digests values that are not valid base64 as text', () => {
    const digester = new SecretDigester();
    for (const invalid of ['YWJ', 'YW=j', 'a===', 'YWJj\n', 'YW Jj', 'YWJ-'])
      expect(digester.digestBase64(invalid).hmac).toBe(digester.digestText(invalid).hmac);
    // 'QR==' and 'QUJ=' are valid but not canonical (their last bits are not zero): they do not re-encode to themselves.
    for (const [valid, text] of [['YWJj', 'abc'], ['YWI=', 'ab'], ['YQ==', 'a'], ['', ''], ['QR==', 'A'], ['QUJ=', 'AB']])
      expect(digester.digestBase64(valid).hmac).toBe(digester.digestText(text).hmac);
  });

  it('records byte length, not characters', () => {
    expect(new SecretDigester().digestText('é').bytes).toBe(2);
  });
});

describe('classifySecretContent', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  it.each([
    [privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'pem-private-key'],
    [privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'pem-private-key'],
    [publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'pem-public-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_-', 'jwt'],
    ['{"auths":{"registry.example":{"auth":"dXNlcjpwYXNz"}}}', 'dockerconfigjson'],
    ['{"a":1}', 'json'],
    ['AKIAABCDEFGHIJKLMNOP', 'aws-access-key-id'],
    ['postgres://app:s3cret@db:5432/app', 'url-with-credentials'],
    ['', 'empty'],
  ])('recognizes %#', (text, label) => {
    expect(classifySecretContent(Buffer.from(text))).toBe(label);
  });

  it('looks only at the first 1024 bytes for control characters and broken UTF-8', () => {
    const text = 'x'.repeat(1024);
    expect(classifySecretContent(Buffer.from(`${text}\u0001`))).toBeUndefined();
    expect(classifySecretContent(Buffer.from(`${'x'.repeat(1023)}\u0001`))).toBe('binary');
    // A two-byte character cut at byte 1024 reads as broken UTF-8 in the sample.
    expect(classifySecretContent(Buffer.from(`${'x'.repeat(1023)}é`))).toBe('binary');
    expect(classifySecretContent(Buffer.from(`${'x'.repeat(5000)}-----BEGIN CERTIFICATE-----`))).toBeUndefined();
  });

  it('calls non-text binary and leaves plain passwords unlabelled', () => {
    expect(classifySecretContent(Buffer.from([0, 1, 2, 250, 251]))).toBe('binary');
    // A control byte right after a broken multi-byte sequence, and control bytes that text allows (tab to CR).
    expect(classifySecretContent(Buffer.from([0xc3, 0x01, 0x41]))).toBe('binary');
    expect(classifySecretContent(Buffer.from('a\tb\r\n\u000b\u000cc'))).toBeUndefined();
    expect(classifySecretContent(Buffer.from('a\u001fb'))).toBe('binary');
    expect(classifySecretContent(Buffer.from('hunter2'))).toBeUndefined();
  });
});
