import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drainHttpServer } from '../src/http-drain.js';

// Clients that keep a keep-alive connection busy used to hold `server.close()` open for as long as they kept asking.
describe('drainHttpServer', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  async function serve(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
    const server = http.createServer(handler);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    cleanups.push(() => server.closeAllConnections());
    return { server, port: (server.address() as AddressInfo).port };
  }

  function request(port: number, agent: http.Agent, path = '/'): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  }

  /** Four clients asking back to back on keep-alive sockets until told to stop; resolves with their answer counts. */
  function busyClients(port: number): { stop: () => void; answered: Promise<number[]> } {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    cleanups.push(() => agent.destroy());
    let stopped = false;
    const client = async () => {
      let answers = 0;
      while (!stopped) {
        try {
          await request(port, agent);
          answers += 1;
        } catch {
          // Refused once the server stopped listening: this client is done.
          return answers;
        }
      }
      return answers;
    };
    return { stop: () => (stopped = true), answered: Promise.all([client(), client(), client(), client()]) };
  }

  it('finishes while clients keep their connections busy, letting the request in flight complete', async () => {
    const { server, port } = await serve((incoming, response) => {
      const delay = incoming.url === '/slow' ? 300 : 2;
      setTimeout(() => response.end(incoming.url), delay);
    });
    const clients = busyClients(port);
    await new Promise((settle) => setTimeout(settle, 100));
    const slow = request(port, new http.Agent({ keepAlive: true }), '/slow');
    await new Promise((settle) => setTimeout(settle, 20));

    // A grace longer than the test's timeout: passing means the connections closed by themselves, not by the cut.
    await drainHttpServer(server, 60_000);

    expect(server.listening).toBe(false);
    await expect(slow).resolves.toEqual({ status: 200, body: '/slow' });
    clients.stop();
    const answered = await clients.answered;
    expect(answered.every((count) => count > 0)).toBe(true);
  }, 10_000);

  it('cuts a request that never answers once the grace period is over', async () => {
    const { server, port } = await serve(() => {
      // Never answers.
    });
    const hanging = request(port, new http.Agent({ keepAlive: true }));
    await new Promise((settle) => setTimeout(settle, 50));

    await drainHttpServer(server, 200);

    await expect(hanging).rejects.toThrow(/socket hang up/);
  }, 10_000);
});
