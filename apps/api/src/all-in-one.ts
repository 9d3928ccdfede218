import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createLogger, onShutdownSignal, PinoNestLogger, runMain } from '@meshguard/platform';
import { createApiApp } from './app/create-api-app.js';
import { announceKey, bootstrapFirstTenant } from './tenancy/first-tenant.js';
import { startWorkerWhenRedisIsUp } from './app/in-process-worker.js';
import { publicUrl } from './app/public-url.js';

// `npm start`: API and worker in one process, so the embedded database (one process only) serves both.
runMain('meshguard', async (config) => {
  const logger = createLogger({ level: config.log.level, name: 'meshguard' });
  // The master key first: a missing one must stop start-up before anything is migrated or served.
  const vault = createCredentialVault(await loadMasterKeyring(config, { log: (message) => logger.warn(message) }));
  const database = await openDatabase(config.database, { log: (message) => logger.info(message) });
  logger.info({ database: database.kind, location: database.location }, 'database ready');
  const bootstrap = await bootstrapFirstTenant(database);
  if (bootstrap.created) announceKey('meshguard created the first tenant. Its owner API key:', bootstrap.token, publicUrl(config));
  const api = await createApiApp(config, { database, vault }, new PinoNestLogger(logger));
  await api.listen(config.http.port, config.http.host);
  logger.info(`meshguard is running at ${publicUrl(config)} (API docs at ${publicUrl(config)}/docs)`);
  const worker = startWorkerWhenRedisIsUp(config, database, logger);
  onShutdownSignal(async () => {
    await worker.stop();
    await api.close();
    await database.close();
  });
});
