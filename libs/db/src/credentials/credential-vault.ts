import type { TenantTransaction } from '../tenancy/tenant-context.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { gcmOpen, gcmSeal, ivLength, tagLength } from './aes-gcm.js';
import { activeDataKey, dataKeyById } from './data-keys.js';
import type { MasterKeyring } from './master-keyring.js';
import { VaultError } from './vault-error.js';

/** What a sealed secret is for; part of its authenticated data, so one purpose's ciphertext cannot pass for another's. */
export type SealPurpose = 'cluster-credential' | 'webhook-secret' | 'report-signing-key';

export interface SealedSecret {
  /** version | data key id | iv | tag | ciphertext; store it as is (bytea). */
  ciphertext: Buffer<ArrayBuffer>;
  /** The data key that sealed it; store it with the ciphertext (e.g. clusters.credential_key_id). */
  dataKeyId: string;
}

/** Envelope encryption of tenant secrets: AES-256-GCM under the tenant's data key, itself wrapped by a master key. */
export interface CredentialVault {
  /** Encrypts `plaintext` for the current tenant; call inside `Database.withTenant` with its transaction. */
  seal(tx: TenantTransaction, purpose: SealPurpose, plaintext: Buffer): Promise<SealedSecret>;
  /**
   * Decrypts a ciphertext of the current tenant. Throws VaultError: malformed-ciphertext, data-key-missing (another
   * tenant's ciphertext), unknown-master-key, or decryption-failed (altered bytes, wrong tenant or purpose).
   */
  open(tx: TenantTransaction, purpose: SealPurpose, ciphertext: Uint8Array): Promise<Buffer>;
}

const formatVersion = 1;
const headerLength = 1 + 16;

/** The vault over `keyring`. Plaintexts live only in the caller's memory; the database sees ciphertexts. */
export function createCredentialVault(keyring: MasterKeyring): CredentialVault {
  return {
    async seal(tx, purpose, plaintext) {
      const tenantId = tenantOf(tx);
      const dataKey = await activeDataKey(tx, tenantId, keyring);
      const header = Buffer.concat([Buffer.from([formatVersion]), uuidBytes(dataKey.id)]);
      const sealed = gcmSeal(dataKey.key, plaintext, aad(tenantId, purpose, header));
      return { ciphertext: Buffer.concat([header, sealed]), dataKeyId: dataKey.id };
    },
    async open(tx, purpose, ciphertext) {
      const tenantId = tenantOf(tx);
      const bytes = Buffer.from(ciphertext);
      if (bytes.length < headerLength + ivLength + tagLength || bytes[0] !== formatVersion) {
        throw new VaultError(
          'malformed-ciphertext',
          `Not a meshguard ciphertext (${bytes.length} bytes, version ${bytes[0] ?? 'none'}; expected version ${formatVersion}).`,
        );
      }
      const header = bytes.subarray(0, headerLength);
      const dataKey = await dataKeyById(tx, tenantId, uuidText(header.subarray(1)), keyring);
      const opened = gcmOpen(dataKey, bytes.subarray(headerLength), aad(tenantId, purpose, header));
      if (!opened) {
        throw new VaultError(
          'decryption-failed',
          `The ${purpose} does not decrypt: it was altered, or it belongs to another tenant or another purpose.`,
        );
      }
      return opened;
    },
  };
}

/** The tenant of the transaction: `tx` must be the current tenant context's, so a secret cannot cross tenants. */
function tenantOf(tx: TenantTransaction): string {
  const context = currentTenantContext();
  if (context.tx !== tx) {
    throw new VaultError(
      'foreign-transaction',
      'The vault was given a transaction other than the current tenant transaction; pass the tx of database.withTenant.',
    );
  }
  return context.tenantId;
}

function aad(tenantId: string, purpose: SealPurpose, header: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`meshguard/sealed/v${formatVersion}\0${tenantId}\0${purpose}\0`, 'utf8'),
    header,
  ]);
}

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
