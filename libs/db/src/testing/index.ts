export {
  createTestDatabase,
  createTestDataDirectory,
  type CreateTestDatabaseOptions,
  type TestDatabase,
  type TestDataDirectory,
} from './test-database.js';
