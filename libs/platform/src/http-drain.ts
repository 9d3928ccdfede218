import type { Server } from 'node:http';

/** How long requests in flight get to finish once a shutdown signal arrives. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * Stops an HTTP server without hanging on clients that keep their connection busy: it stops listening, answers every
 * further request with `Connection: close` (so each keep-alive socket closes after its response), closes sockets as
 * they fall idle, and after `graceMs` cuts whatever is still open. Requests in flight get the grace period to finish.
 */
export function drainHttpServer(server: Server, graceMs = DEFAULT_SHUTDOWN_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    const closeAfterResponse = (_request: unknown, response: { setHeader(name: string, value: string): void; headersSent: boolean }) => {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    };
    // Listeners run in order: prepend so the header is set before the application starts answering.
    server.prependListener('request', closeAfterResponse);
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    idleSweep.unref();
    deadline.unref();
    server.close(() => {
      clearInterval(idleSweep);
      clearTimeout(deadline);
      server.removeListener('request', closeAfterResponse);
      resolve();
    });
    server.closeIdleConnections();
  });
}
