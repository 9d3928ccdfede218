import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createLogger, drainHttpServer, onShutdownSignal, prettyLogsWanted, PinoNestLogger, runMain } from '@meshguard/platform';
import { bootstrapFirstTenant, startupBanner } from './tenancy/first-tenant.js';
import { startWorkerWhenRedisIsUp } from './app/in-process-worker.js';
import { publicUrl } from './app/public-url.js';

// `npm start`: API and worker in one process, so the embedded database (one process only) serves both.
runMain('meshguard', async (config) => {
  const logger = createLogger({ level: config.log.level, name: 'meshguard', pretty: prettyLogsWanted(config.env, process.stdout) });
  // The master key first: a missing one must stop start-up before anything is migrated or served.
  const vault = createCredentialVault(await loadMasterKeyring(config, { log: (message) => logger.warn(message) }));
  // The database opens (snapshot unpacked by libuv's threads, PostgreSQL started) while the API's modules load:
  // loading them is the other half of the start, and mostly synchronous. Either failing stops the start.
  const [database, { createApiApp }] = await Promise.all([
    openDatabase(config.database, { log: (message) => logger.info(message) }),
    import('./app/create-api-app.js'),
  ]);
  logger.info({ database: database.kind, location: database.location }, 'database ready');
  // The first query loads Prisma's query compiler (WebAssembly), which can overlap with building the Nest application.
  const [bootstrap, api] = await Promise.all([
    bootstrapFirstTenant(database),
    createApiApp(config, { database, vault }, new PinoNestLogger(logger)),
  ]);
  await api.listen(config.http.port, config.http.host);
  logger.info({ url: publicUrl(config) }, 'meshguard is running');
  // After listen: the URL is the one actually served, and the key is not lost among start-up log lines.
  process.stdout.write(startupBanner(publicUrl(config), bootstrap));
  const worker = startWorkerWhenRedisIsUp(config, database, logger);
  onShutdownSignal(async () => {
    // Clients that keep a connection busy must not hold the process open; running jobs finish meanwhile.
    await Promise.all([drainHttpServer(api.getHttpServer()), worker.stop()]);
    await api.close();
    await database.close();
  });
});
