import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../cli-io.js';

/**
 * Writes to a temporary file beside the target, then renames it over the target: a reader (or a CI step after a
 * killed run) sees the old report or the new one, never half of one.
 */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array | Iterable<string>,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
