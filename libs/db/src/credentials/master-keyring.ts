import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  masterKeyHowTo,
  parseMasterKeys,
  type DatabaseConfig,
  type EncryptionConfig,
  type MasterKey,
} from '@meshguard/config';
import { keyLength } from './aes-gcm.js';
import { VaultError } from './vault-error.js';

/** The master keys this process holds; the active one wraps new and re-wrapped data keys. */
export interface MasterKeyring {
  readonly activeKeyId: string;
  readonly ids: readonly string[];
  /** The key with this id; throws VaultError (code unknown-master-key) naming the id when it is not configured. */
  key(id: string): Buffer;
}

/** Builds a keyring from explicit keys (tests, tools). Throws when the active id is not among them. */
export function createMasterKeyring(keys: readonly MasterKey[], activeKeyId: string): MasterKeyring {
  const byId = new Map(keys.map((key) => [key.id, key.key]));
  for (const [id, key] of byId) {
    if (key.length !== keyLength)
      throw new VaultError('master-key-missing', `Master key "${id}" is not 32 bytes.`);
  }
  if (!byId.has(activeKeyId)) {
    throw new VaultError(
      'master-key-missing',
      `The active master key "${activeKeyId}" is not in the keyring (${[...byId.keys()].join(', ') || 'empty'}).`,
    );
  }
  return {
    activeKeyId,
    ids: [...byId.keys()],
    key(id) {
      const key = byId.get(id);
      if (!key) {
        throw new VaultError(
          'unknown-master-key',
          `A data key is wrapped by master key "${id}", which is not configured (MASTER_KEYS has ${[...byId.keys()].map((known) => `"${known}"`).join(', ')}). ` +
            `Add "${id}" back to MASTER_KEYS; once \`npm run keys:rotate\` has re-wrapped every data key it may be removed.`,
        );
      }
      return key;
    },
  };
}

export interface LoadMasterKeyringOptions {
  log?: (message: string) => void;
}

const keyFileName = 'master.key';
const generatedKeyId = 'local-1';

/**
 * The master keyring of this installation: MASTER_KEYS (active MASTER_KEY_ID). With the embedded database the key in
 * `<DATA_DIR>/master.key` joins it, and when neither exists one is generated into that file (mode 0600) and logged.
 * With PostgreSQL and no MASTER_KEYS it refuses (VaultError master-key-missing) with how to make a key.
 */
export async function loadMasterKeyring(
  config: { database: DatabaseConfig; encryption: EncryptionConfig },
  options: LoadMasterKeyringOptions = {},
): Promise<MasterKeyring> {
  const { masterKeys, activeMasterKeyId } = config.encryption;
  if (config.database.kind === 'postgres') {
    if (masterKeys.length === 0 || activeMasterKeyId === undefined) {
      throw new VaultError(
        'master-key-missing',
        `MASTER_KEYS is not set. With DATABASE_URL meshguard needs a master key to encrypt cluster credentials: ${masterKeyHowTo} (and keep it safe: without it stored credentials cannot be decrypted).`,
      );
    }
    return createMasterKeyring(masterKeys, activeMasterKeyId);
  }
  const path = join(resolve(config.database.dataDir), keyFileName);
  let fileKey = existsSync(path) ? await readKeyFile(path) : undefined;
  if (!fileKey && masterKeys.length === 0) {
    fileKey = await generateKeyFile(path);
    options.log?.(
      `generated a master key into ${path} (mode 0600): it protects the stored cluster credentials, so back it up with the data directory; ` +
        `set MASTER_KEYS to manage keys yourself (docs/encryption.md)`,
    );
  }
  const keys = [
    ...masterKeys,
    ...(fileKey && !masterKeys.some((key) => key.id === fileKey.id) ? [fileKey] : []),
  ];
  return createMasterKeyring(keys, activeMasterKeyId ?? fileKey!.id);
}

async function readKeyFile(path: string): Promise<MasterKey> {
  const info = await stat(path);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new VaultError(
      'master-key-file',
      `${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); it holds the master key. Run chmod 600 ${path}.`,
    );
  }
  const { keys, problems } = parseMasterKeys((await readFile(path, 'utf8')).trim());
  const [key] = keys;
  if (problems.length > 0 || keys.length !== 1 || !key) {
    throw new VaultError(
      'master-key-file',
      `${path} does not hold one <id>:<base64 of 32 bytes> master key (${problems.join('; ') || `${keys.length} keys`}). ` +
        `Restore it from your backup; without it the stored cluster credentials cannot be decrypted.`,
    );
  }
  return key;
}

async function generateKeyFile(path: string): Promise<MasterKey> {
  const key: MasterKey = { id: generatedKeyId, key: randomBytes(keyLength) };
  await mkdir(resolve(path, '..'), { recursive: true });
  try {
    // 'wx': never overwrite a key another process has just written.
    await writeFile(path, `${key.id}:${key.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw error;
  }
  return key;
}
