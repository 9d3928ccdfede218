import type { Database } from '../database/database.js';
import { unwrapDataKey, wrapDataKey } from './data-keys.js';
import type { MasterKeyring } from './master-keyring.js';

export interface DataKeyRotationReport {
  activeMasterKeyId: string;
  tenants: number;
  /** Every data key found. */
  dataKeys: number;
  /** Data keys this run re-wrapped under the active master key. */
  rewrapped: number;
  /** Data keys already wrapped by the active master key (checked to unwrap). */
  alreadyCurrent: number;
}

/**
 * Re-wraps every tenant's data keys under the keyring's active master key, one tenant transaction at a time; data
 * keys already under it are only checked. Idempotent: after a failure (e.g. VaultError unknown-master-key) fix the
 * keyring and run it again. Ciphertexts do not change; the data keys inside the wrapping stay the same.
 */
export async function rotateDataKeys(
  database: Database,
  keyring: MasterKeyring,
  options: { log?: (message: string) => void } = {},
): Promise<DataKeyRotationReport> {
  const active = keyring.activeKeyId;
  const report: DataKeyRotationReport = {
    activeMasterKeyId: active,
    tenants: 0,
    dataKeys: 0,
    rewrapped: 0,
    alreadyCurrent: 0,
  };
  for (const { tenantId } of await database.system.listTenants()) {
    await database.withTenant(tenantId, async (tx) => {
      const rows = await tx.dataKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
      for (const row of rows) {
        const binding = { tenantId, dataKeyId: row.id };
        const key = unwrapDataKey(row.wrappedKey, { ...binding, masterKeyId: row.masterKeyId }, keyring);
        report.dataKeys += 1;
        if (row.masterKeyId === active) {
          report.alreadyCurrent += 1;
          continue;
        }
        await tx.dataKey.update({
          where: { id: row.id },
          data: {
            masterKeyId: active,
            wrappedKey: wrapDataKey(key, { ...binding, masterKeyId: active }, keyring.key(active)),
            rewrappedAt: new Date(),
          },
        });
        report.rewrapped += 1;
      }
    });
    report.tenants += 1;
  }
  options.log?.(
    `re-wrapped ${report.rewrapped} data key(s) under master key "${active}"; ${report.alreadyCurrent} already used it (${report.tenants} tenant(s))`,
  );
  return report;
}
