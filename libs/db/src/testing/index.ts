export {
  createTestDatabase,
  createTestDataDirectory,
  type CreateTestDatabaseOptions,
  type TestDatabase,
  type TestDataDirectory,
} from './test-database.js';
export { testEngineNames, testEngines, type TestEngine, type TestEngineName } from './test-engines.js';
