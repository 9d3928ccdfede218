import { DatabaseError } from './database-error.js';

/** SQLSTATEs meaning the server cannot serve this connection now: connection exceptions (08…), shutdowns, overload. */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);
/** Prisma's codes for an unreachable server, a lost connection and an exhausted pool. */
const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What the pg driver and Prisma's transaction API say when a connection died or none could be had in time. */
const unavailableMessages = [
  /is not currently accepting connections/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Unable to start a transaction in the given time/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * True when `error` says the database could not be reached or dropped the connection (as opposed to a query it
 * refused): callers answer "unavailable, retry" instead of "internal error". Looks through causes and Prisma's
 * wrapping, whose driver errors carry the SQLSTATE only in `meta` or the message.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof DatabaseError) return current.code === 'unreachable' || current.code === 'timeout';
    const { code, meta, message, cause } = current as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: unknown }; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (unavailableSqlStates.has(code) || unavailablePrismaCodes.has(code) || networkCodes.has(code))) return true;
    if (typeof meta?.code === 'string' && unavailableSqlStates.has(meta.code)) return true;
    if (typeof message === 'string') {
      const sqlState = /Code: `(\w{5})`/.exec(message)?.[1];
      if (sqlState && unavailableSqlStates.has(sqlState)) return true;
      if (unavailableMessages.some((pattern) => pattern.test(message))) return true;
    }
    current = cause ?? meta?.driverAdapterError;
  }
  return false;
}
