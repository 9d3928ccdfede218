import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantTransaction } from '../tenancy/tenant-context.js';
import { gcmOpen, gcmSeal, keyLength } from './aes-gcm.js';
import type { MasterKeyring } from './master-keyring.js';
import { VaultError } from './vault-error.js';

const wrapVersion = 1;

/** What a wrapped data key is bound to: a wrapped key copied to another tenant, id or master key fails to unwrap. */
function wrapAad(tenantId: string, dataKeyId: string, masterKeyId: string): Buffer {
  return Buffer.from(`meshguard/data-key/v${wrapVersion}\0${tenantId}\0${dataKeyId}\0${masterKeyId}`, 'utf8');
}

/** Wraps a data key with a master key: version byte | iv | tag | ciphertext. */
export function wrapDataKey(
  dataKey: Buffer,
  binding: { tenantId: string; dataKeyId: string; masterKeyId: string },
  masterKey: Buffer,
): Buffer<ArrayBuffer> {
  const aad = wrapAad(binding.tenantId, binding.dataKeyId, binding.masterKeyId);
  return Buffer.concat([Buffer.from([wrapVersion]), gcmSeal(masterKey, dataKey, aad)]);
}

/** Unwraps a data key; throws VaultError (decryption-failed) when the wrapping does not authenticate. */
export function unwrapDataKey(
  wrapped: Uint8Array,
  binding: { tenantId: string; dataKeyId: string; masterKeyId: string },
  keyring: MasterKeyring,
): Buffer {
  const bytes = Buffer.from(wrapped);
  const masterKey = keyring.key(binding.masterKeyId);
  const opened =
    bytes[0] === wrapVersion
      ? gcmOpen(
          masterKey,
          bytes.subarray(1),
          wrapAad(binding.tenantId, binding.dataKeyId, binding.masterKeyId),
        )
      : null;
  if (!opened || opened.length !== keyLength) {
    throw new VaultError(
      'decryption-failed',
      `Data key ${binding.dataKeyId} does not unwrap with master key "${binding.masterKeyId}": the key configured under that id is not the one that wrapped it, or the stored data key was altered.`,
    );
  }
  return opened;
}

/** The tenant's data key for new ciphertexts (its newest), created and stored wrapped on first use. */
export async function activeDataKey(
  tx: TenantTransaction,
  tenantId: string,
  keyring: MasterKeyring,
): Promise<{ id: string; key: Buffer }> {
  const existing = await newestDataKey(tx, tenantId);
  if (existing) return { id: existing.id, key: unwrapRow(existing, keyring) };
  // Serialise first use per tenant so concurrent writers share one data key.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('meshguard_data_key'), hashtext(${tenantId}))::text`;
  const raced = await newestDataKey(tx, tenantId);
  if (raced) return { id: raced.id, key: unwrapRow(raced, keyring) };
  const id = randomUUID();
  const key = randomBytes(keyLength);
  const masterKeyId = keyring.activeKeyId;
  await tx.dataKey.create({
    data: {
      id,
      tenantId,
      masterKeyId,
      wrappedKey: wrapDataKey(key, { tenantId, dataKeyId: id, masterKeyId }, keyring.key(masterKeyId)),
    },
  });
  return { id, key };
}

/** The data key `dataKeyId` of the current tenant, unwrapped; VaultError data-key-missing when RLS shows none. */
export async function dataKeyById(
  tx: TenantTransaction,
  tenantId: string,
  dataKeyId: string,
  keyring: MasterKeyring,
): Promise<Buffer> {
  const row = await tx.dataKey.findFirst({ where: { id: dataKeyId, tenantId } });
  if (!row) {
    throw new VaultError(
      'data-key-missing',
      `The ciphertext names data key ${dataKeyId}, which this tenant does not have: it was sealed for another tenant or its data key was deleted.`,
    );
  }
  return unwrapRow(row, keyring);
}

interface DataKeyRow {
  id: string;
  tenantId: string;
  masterKeyId: string;
  wrappedKey: Uint8Array;
}

function unwrapRow(row: DataKeyRow, keyring: MasterKeyring): Buffer {
  return unwrapDataKey(
    row.wrappedKey,
    { tenantId: row.tenantId, dataKeyId: row.id, masterKeyId: row.masterKeyId },
    keyring,
  );
}

function newestDataKey(tx: TenantTransaction, tenantId: string): Promise<DataKeyRow | null> {
  return tx.dataKey.findFirst({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}
