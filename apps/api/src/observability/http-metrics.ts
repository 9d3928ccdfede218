import { createMeshguardMetrics, metricsRequestHandler, unmatchedRoute } from '@meshguard/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Serves Prometheus metrics at /metrics and records every request's duration by route template (never the raw
 * path, which would carry ids and explode the label set).
 */
export function serveHttpMetrics(app: NestExpressApplication): void {
  const metrics = createMeshguardMetrics({ service: 'api' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? unmatchedRoute;
      metrics.recordHttpRequest({ method: request.method, route, status: response.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  const serve = metricsRequestHandler(metrics.registry);
  app.use('/metrics', (request: Request, response: Response) => serve(request, response));
}
