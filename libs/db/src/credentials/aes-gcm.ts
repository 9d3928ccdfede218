import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const keyLength = 32;
export const ivLength = 12;
export const tagLength = 16;

/** AES-256-GCM with a fresh random 96-bit IV; returns iv | tag | ciphertext. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer<ArrayBuffer> {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens iv | tag | ciphertext from `gcmSeal`; returns null when authentication fails (wrong key, AAD or bytes). */
export function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < ivLength + tagLength) return null;
  const iv = sealed.subarray(0, ivLength);
  const tag = sealed.subarray(ivLength, ivLength + tagLength);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(ivLength + tagLength)), decipher.final()]);
  } catch {
    return null;
  }
}
