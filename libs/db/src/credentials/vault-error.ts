/** Why sealing or opening a secret, or loading the master keys, failed; `code` is stable, the message says what to do. */
export type VaultErrorCode =
  | 'master-key-missing'
  | 'master-key-file'
  | 'unknown-master-key'
  | 'data-key-missing'
  | 'foreign-transaction'
  | 'malformed-ciphertext'
  | 'decryption-failed';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VaultError';
  }
}
