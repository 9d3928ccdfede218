import { defaultMigrationsDir, defaultSchemaPath } from '../paths.js';
import { runMigrationDraftCommand } from './migration-draft-command.js';

// Usage: npm run migration:draft -w @meshguard/db [-- <name>]   (prints the SQL, or writes a new migration named <name>)
const [name] = process.argv.slice(2);
process.exitCode = await runMigrationDraftCommand(
  { schemaPath: defaultSchemaPath, migrationsDir: defaultMigrationsDir, name },
  { info: (line) => console.log(line), error: (line) => console.error(line) },
);
