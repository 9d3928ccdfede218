import { openDatabase } from '@meshguard/db';
import { createLogger, onShutdownSignal, PinoNestLogger, runMain } from '@meshguard/platform';
import { createApiApp } from './app/create-api-app.js';
import { startWorkerWhenRedisIsUp } from './app/in-process-worker.js';
import { publicUrl } from './app/public-url.js';

// `npm start`: API and worker in one process, so the embedded database (one process only) serves both.
runMain('meshguard', async (config) => {
  const logger = createLogger({ level: config.log.level, name: 'meshguard' });
  const database = await openDatabase(config.database, { log: (message) => logger.info(message) });
  logger.info({ database: database.kind, location: database.location }, 'database ready');
  const api = await createApiApp(config, database, new PinoNestLogger(logger));
  await api.listen(config.http.port, config.http.host);
  logger.info(`meshguard is running at ${publicUrl(config)} (API docs at ${publicUrl(config)}/docs)`);
  const worker = startWorkerWhenRedisIsUp(config, logger);
  onShutdownSignal(async () => {
    await worker.stop();
    await api.close();
    await database.close();
  });
});
