import { ConfigError, loadConfig } from '@meshguard/config';
import { loadMasterKeyring } from '../credentials/master-keyring.js';
import { rotateDataKeys } from '../credentials/rotate-data-keys.js';
import { openDatabase } from '../database/database.js';
import type { CommandOutput } from './migrate-command.js';

/**
 * `npm run keys:rotate`: re-wraps every tenant's data key under the active master key (MASTER_KEY_ID) and reports the
 * counts. Returns the process exit code: 0 on success, 1 with the reason (nothing half-done stays unreported: rerun).
 */
export async function runKeysRotateCommand(
  env: Readonly<Record<string, string | undefined>>,
  output: CommandOutput,
): Promise<number> {
  try {
    const config = loadConfig(env);
    const keyring = await loadMasterKeyring(config, { log: (message) => output.info(message) });
    const database = await openDatabase(config.database, { log: (message) => output.info(message) });
    try {
      const report = await rotateDataKeys(database, keyring);
      const removable = keyring.ids.filter((id) => id !== report.activeMasterKeyId);
      output.info(
        `${database.location}: ${report.dataKeys} data key(s) of ${report.tenants} tenant(s) now wrapped by master key "${report.activeMasterKeyId}" ` +
          `(${report.rewrapped} re-wrapped now, ${report.alreadyCurrent} already).` +
          (removable.length > 0
            ? ` No data key needs ${removable.map((id) => `"${id}"`).join(', ')} any more; it may be removed from MASTER_KEYS (or DATA_DIR/master.key).`
            : ''),
      );
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    output.error(
      error instanceof ConfigError
        ? error.message
        : `keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
