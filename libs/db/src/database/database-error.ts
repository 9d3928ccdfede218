/**
 * The database cannot be used: unreachable, too slow to answer, (embedded) already opened by another process, or not
 * set up for the runtime role (`not-migrated`); or a write conflicts with existing data (`conflict`).
 */
export type DatabaseErrorCode = 'unreachable' | 'timeout' | 'in-use' | 'not-migrated' | 'conflict';

export class DatabaseError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/** Rejects with a DatabaseError('timeout') when `work` takes longer than `timeoutMs`. */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseError('timeout', describe())), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
