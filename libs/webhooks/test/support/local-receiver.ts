import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestCertificate } from './test-certificate.js';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body bytes exactly as received. */
  rawBody: Buffer;
  /** SNI name the client sent (HTTPS only). */
  servername?: string;
}

export type ReceiverHandler = (request: ReceivedRequest, response: ServerResponse) => void;

export interface LocalReceiver {
  port: number;
  url: (path?: string) => string;
  requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/** An HTTP(S) server on 127.0.0.1 that records every request and answers with `handler`. */
export async function startReceiver(handler: ReceiverHandler, tls?: TestCertificate): Promise<LocalReceiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const servername = (request.socket as TLSSocket).servername;
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
        ...(typeof servername === 'string' ? { servername } : {}),
      };
      requests.push(received);
      handler(received, response);
    });
  };
  const server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener)
    : createHttpServer(listener);
  const track = (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = tls ? 'https' : 'http';
  return {
    port,
    url: (path = '/hook') => `${scheme}://127.0.0.1:${port}${path}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
