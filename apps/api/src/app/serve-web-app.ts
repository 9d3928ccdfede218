import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** apps/web/dist, from apps/api/{src,dist}/app: the dashboard that `nx run-many -t build` produces. */
export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The dashboard loads nothing but its own bundled files and talks only to this origin. ECharts and React set styles
 * through the CSSOM, which style-src does not restrict, so no 'unsafe-inline' is needed anywhere.
 */
export const webContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the API owns: never answered with the dashboard, so unknown API routes stay problem+json 404s. */
const apiPathPattern = /^\/(v1|docs|openapi\.json|healthz|readyz|metrics)(\/|$|-)/;

/**
 * Serves the built dashboard at `/`: its hashed assets under /assets with a long cache (Vite's build puts every file
 * there but index.html), and index.html for every other browser
 * navigation (Accept: text/html) outside the API paths (client-side routes such as /clusters/:id). Does nothing when the web app
 * was not built, so the API alone still starts.
 */
export function serveWebApp(app: NestExpressApplication, webRoot = defaultWebRoot): boolean {
  const indexFile = join(webRoot, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile);
  // Only under /assets (Vite's hashed output): a static handler at the root would stat the disk for every API request.
  app.useStaticAssets(join(webRoot, 'assets'), {
    prefix: '/assets/',
    index: false,
    fallthrough: true,
    setHeaders: (response) => {
      response.setHeader('Content-Security-Policy', webContentSecurityPolicy);
      response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // Only browser navigations (which ask for text/html by name) get the app; other clients keep problem+json 404s.
    if (apiPathPattern.test(request.path) || !(request.get('accept') ?? '').includes('text/html')) return next();
    response.setHeader('Content-Security-Policy', webContentSecurityPolicy);
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(indexHtml);
  });
  return true;
}
