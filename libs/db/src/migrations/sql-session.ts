import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * One database connection, as the migration runner needs it: parameterised queries and multi-statement scripts on
 * the same session (advisory locks are per session). Implemented for a node-postgres client and for PGlite.
 */
export interface SqlSession {
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters. */
  execute(script: string): Promise<void>;
}

/** A session over a connected node-postgres client. */
export function pgSession(client: pg.Client | pg.PoolClient): SqlSession {
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query<Row>(sql, params)).rows;
    },
    async execute(script: string) {
      await client.query(script);
    },
  };
}

/** A session over an open PGlite database. */
export function pgliteSession(db: PGlite): SqlSession {
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async execute(script: string) {
      await db.exec(script);
    },
  };
}
