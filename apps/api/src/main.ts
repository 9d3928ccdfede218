import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createLogger, drainHttpServer, onShutdownSignal, prettyLogsWanted, PinoNestLogger, probeRedis, redisUnreachableMessage, runMain } from '@meshguard/platform';
import { createApiApp } from './app/create-api-app.js';
import { announceKey, bootstrapFirstTenant } from './tenancy/first-tenant.js';
import { publicUrl } from './app/public-url.js';

// The API alone (`npm run start:api`); `npm start` runs all-in-one.ts instead.
runMain('meshguard api', async (config) => {
  const logger = createLogger({ level: config.log.level, name: 'meshguard-api', pretty: prettyLogsWanted(config.env, process.stdout) });
  if (config.database.kind === 'embedded') {
    throw new Error(
      'a separate API process needs DATABASE_URL: the embedded database can only be opened by one process. ' +
        'Use `npm start` to run API and worker together on the embedded database, or set DATABASE_URL.',
    );
  }
  // The master key first: a missing one must stop start-up before anything is migrated or served.
  const vault = createCredentialVault(await loadMasterKeyring(config, { log: (message) => logger.warn(message) }));
  const database = await openDatabase(config.database, { log: (message) => logger.info(message) });
  const redis = await probeRedis(config.redis.url);
  if (!redis.ok) logger.warn(redisUnreachableMessage(config.redis.url, redis.error));
  const bootstrap = await bootstrapFirstTenant(database);
  if (bootstrap.created) announceKey('meshguard created the first tenant. Its owner API key:', bootstrap.token, publicUrl(config));
  const api = await createApiApp(config, { database, vault }, new PinoNestLogger(logger));
  await api.listen(config.http.port, config.http.host);
  logger.info(`meshguard API listening on ${publicUrl(config)} (docs at ${publicUrl(config)}/docs)`);
  onShutdownSignal(async () => {
    // Clients that keep a connection busy must not hold the process open.
    await drainHttpServer(api.getHttpServer());
    await api.close();
    await database.close();
  });
});
