import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { PinnedWebhookAddress } from './webhook-address-pinning.js';
import type { WebhookUrl } from './webhook-url.js';

export interface PinnedPostOptions {
  /** Whole exchange (connect, TLS, request, response headers and the body read) must finish within this. */
  timeoutMs: number;
  /** Stop reading the response body after this many bytes. */
  maxResponseBytes: number;
  /** Extra CA certificates (PEM) to trust besides the system store, for receivers with a private CA. */
  ca?: string | Buffer | readonly (string | Buffer)[];
}

export interface PinnedPostResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The start of the body, at most maxResponseBytes. */
  body: Buffer;
}

/** The exchange did not finish within the timeout. */
export class PostTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'PostTimeoutError';
  }
}

/**
 * POSTs `body` to the URL's path on the pinned IP. Host header, TLS SNI and certificate check use the URL's host
 * name, so the receiver sees an ordinary request to its name while DNS is never consulted again. Redirects are
 * returned as responses, never followed.
 */
export function postToPinnedAddress(
  url: WebhookUrl,
  address: PinnedWebhookAddress,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  options: PinnedPostOptions,
): Promise<PinnedPostResponse> {
  return new Promise((resolve, reject) => {
    const common = {
      method: 'POST',
      host: address.ip,
      family: address.family,
      port: url.port,
      path: url.path,
      headers: { ...headers, Host: url.hostHeader, 'Content-Length': body.length },
      agent: false as const,
    };
    const tlsName = url.hostname;
    const request =
      url.protocol === 'https:'
        ? httpsRequest({
            ...common,
            ...(isIP(tlsName) ? {} : { servername: tlsName }),
            ...(options.ca ? { ca: options.ca as string | Buffer | (string | Buffer)[] } : {}),
            rejectUnauthorized: true,
            // The socket goes to the pinned IP; the certificate must still name the host the tenant configured.
            checkServerIdentity: (_host, certificate) => checkServerIdentity(tlsName, certificate),
          })
        : httpRequest(common);

    const timer = setTimeout(
      () => request.destroy(new PostTimeoutError(options.timeoutMs)),
      options.timeoutMs,
    );
    const finish = (error: Error | undefined, response?: PinnedPostResponse) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };

    request.on('error', (error) => finish(error));
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const done = () => {
        const status = response.statusCode ?? 0;
        finish(undefined, { status, headers: response.headers, body: Buffer.concat(chunks) });
        request.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - received;
        if (room > 0) chunks.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
        received += chunk.length;
        if (received >= options.maxResponseBytes) {
          response.removeAllListeners('data');
          done();
        }
      });
      response.once('end', done);
      response.on('error', (error) => finish(error));
    });
    request.end(body);
  });
}
