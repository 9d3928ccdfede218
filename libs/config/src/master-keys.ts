/** One master key of the keyring: it wraps (encrypts) the tenants' data keys. */
export interface MasterKey {
  /** The name stored next to every data key it wraps, e.g. `2026-11`. */
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/** The master keys from MASTER_KEYS/MASTER_KEY_ID; `masterKeys` is empty when MASTER_KEYS is unset. */
export interface EncryptionConfig {
  masterKeys: MasterKey[];
  /** The key new and re-wrapped data keys use; undefined only when MASTER_KEYS is unset. */
  activeMasterKeyId: string | undefined;
}

export const masterKeyIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** How to make a key, for error messages. */
export const masterKeyHowTo =
  'generate a key with `openssl rand -base64 32` and set MASTER_KEYS=<id>:<that base64>';

/**
 * Parses a keyring `<id>:<base64 of 32 bytes>[,<id>:<base64>…]`. Returns the keys or the problems found; a problem
 * names the entry by position and id, never the key material.
 */
export function parseMasterKeys(value: string): { keys: MasterKey[]; problems: string[] } {
  const keys: MasterKey[] = [];
  const problems: string[] = [];
  value.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${where} is not <id>:<base64 key>`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!masterKeyIdPattern.test(id)) {
      problems.push(`${where} has an id that is not 1-64 letters, digits, ".", "_" or "-"`);
      return;
    }
    if (keys.some((key) => key.id === id)) {
      problems.push(`${where} repeats the id "${id}"`);
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (!base64Pattern.test(encoded) || key.toString('base64') !== encoded) {
      problems.push(`${where} ("${id}") is not valid base64`);
      return;
    }
    if (key.length !== 32) {
      problems.push(`${where} ("${id}") decodes to ${key.length} bytes, not 32`);
      return;
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}
