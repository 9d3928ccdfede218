import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRequestHandler, type MeshguardMetrics } from '@meshguard/platform';

/** Serves the worker's Prometheus registry on `/metrics` (anything else 404). Port 0 picks a free port. */
export async function startMetricsServer(metrics: MeshguardMetrics, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const handle = metricsRequestHandler(metrics.registry);
  const server: Server = createServer((req, res) => {
    if (req.url?.split('?')[0] === '/metrics') handle(req, res);
    else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('see /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
