export { loadConfig, ConfigError, type MeshguardConfig, type DatabaseConfig } from './config.js';
export { configVariables, type ConfigVariableName } from './config.schema.js';
export { loadTestDatabaseConfig, type TestDatabaseConfig } from './test-database.config.js';
export {
  masterKeyHowTo,
  parseMasterKeys,
  type EncryptionConfig,
  type MasterKey,
} from './master-keys.js';
