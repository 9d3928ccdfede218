import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop handle timers and I/O between the statements of a long transaction. On the embedded database each
 * statement runs synchronously on this thread, and statements chained by promises alone never let a request in: a
 * preset-M store was one 30 s stall. PostgreSQL loses nothing (its round trips yield anyway).
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
