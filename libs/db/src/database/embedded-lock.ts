import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseError } from './database-error.js';

const openInThisProcess = new Set<string>();

/**
 * Claims the embedded database directory for this process. PGlite has no locking of its own and two instances on one
 * directory corrupt it, so a second opener (another process, or this one again) gets a clear error instead.
 * Returns the release function.
 */
export function claimEmbeddedDirectory(directory: string): () => void {
  const lockPath = `${directory}.lock`;
  if (openInThisProcess.has(directory)) {
    throw new DatabaseError(
      'in-use',
      `The embedded database in ${directory} is already open in this process; open it once and share it.`,
    );
  }
  const holder = readHolder(lockPath);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new DatabaseError(
      'in-use',
      `The embedded database in ${directory} is in use by process ${holder}; only one process can open it. ` +
        'Run API and worker together with `npm start`, or set DATABASE_URL to use PostgreSQL from several processes. ' +
        `If no meshguard process is running, delete ${lockPath}.`,
    );
  }
  writeFileSync(lockPath, `${process.pid}\n`);
  openInThisProcess.add(directory);
  return () => {
    openInThisProcess.delete(directory);
    if (readHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
  };
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
