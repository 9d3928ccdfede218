/** Seals kubeconfigs at rest; the implementation lives in libs/db (envelope encryption with per-tenant data keys). */
export interface CredentialVault {
  seal(plaintext: Buffer): Promise<{ ciphertext: Buffer; dataKeyId: string }>;
  open(ciphertext: Uint8Array): Promise<Buffer>;
}

export const CREDENTIAL_VAULT = Symbol('CREDENTIAL_VAULT');
