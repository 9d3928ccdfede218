import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MeshguardConfig } from '@meshguard/config';
import helmet from 'helmet';
import type { CredentialVault, Database } from '@meshguard/db';
import { inputShapeMiddleware } from '../common/input-shape.middleware.js';
import { strictValidationPipe } from '../common/validation.pipe.js';
import { answerClientErrorsWithProblems } from '../problems/client-error.js';
import { ApiModule } from './app.module.js';
import { serveOpenApi } from './openapi.js';
import { serveWebApp } from './serve-web-app.js';
import { correlationIdMiddleware } from '../problems/correlation-id.js';
import { ProblemFilter } from '../problems/problem.filter.js';
import { serveHttpMetrics } from '../observability/http-metrics.js';

/** What the entry point opens once and the API shares: the database and the vault sealing credentials. */
export interface ApiServices {
  database: Database;
  vault: CredentialVault;
}

/** Largest request body accepted; a kubeconfig is a few kilobytes, so this leaves ample room. */
const requestBodyLimit = '1mb';

/** Builds the configured API application (not yet listening); tests and entry points share it. */
export async function createApiApp(
  config: MeshguardConfig,
  services: ApiServices,
  logger: LoggerService | false = false,
): Promise<INestApplication> {
  // Signals are handled by the entry point (onShutdownSignal), which closes the app and runs its shutdown hooks.
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.with(config, services), {
    logger,
    bufferLogs: false,
    bodyParser: false,
  });
  app.disable('x-powered-by');
  // Express would hash every response body for a weak ETag: work on every request after the body is built, and a 304
  // saves no query. Report downloads send their own ETag and answer If-None-Match themselves.
  app.set('etag', false);
  app.use(correlationIdMiddleware);
  serveHttpMetrics(app);
  app.useBodyParser('json', { limit: requestBodyLimit, type: ['application/json', 'application/*+json'] });
  app.use(inputShapeMiddleware);
  answerClientErrorsWithProblems(app.getHttpServer());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(strictValidationPipe());
  if (config.api.corsOrigins.length > 0) {
    app.enableCors({ origin: config.api.corsOrigins, exposedHeaders: ['Location', 'X-Correlation-Id', 'Retry-After'] });
  }
  // The docs UI loads its own inline scripts and styles; the rest of the API keeps helmet's strict defaults.
  app.use(helmet({ contentSecurityPolicy: false }));
  serveOpenApi(app);
  // The dashboard sends its own strict Content-Security-Policy (serve-web-app.ts).
  serveWebApp(app);
  return app;
}
