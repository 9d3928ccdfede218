import pg from 'pg';
import { openDatabase, type Database } from '../database/database.js';
import { createTestDatabase, createTestDataDirectory } from './test-database.js';

/** A fresh, migrated database opened as the runtime, plus (PostgreSQL only) a session as its owner. */
export interface TestEngine {
  database: Database;
  owner?: pg.Client;
  close(): Promise<void>;
}

export type TestEngineName = 'postgres' | 'embedded';

/** Opens a fresh database on each engine meshguard runs on, for specs that must hold on both. */
export const testEngines: Record<TestEngineName, () => Promise<TestEngine>> = {
  postgres: async () => {
    const test = await createTestDatabase();
    const database = await openDatabase(test.config);
    const owner = new pg.Client({ connectionString: test.url });
    await owner.connect();
    return {
      database,
      owner,
      close: async () => (await owner.end(), await database.close(), await test.drop()),
    };
  },
  embedded: async () => {
    const directory = await createTestDataDirectory();
    const database = await openDatabase(directory.config);
    return { database, close: async () => (await database.close(), await directory.remove()) };
  },
};

export const testEngineNames = Object.keys(testEngines) as TestEngineName[];
