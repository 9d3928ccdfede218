import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /** Sees each chunk a client sends before it is forwarded; a `cut()` called from here drops that chunk too. */
  onClientData?: (chunk: Buffer) => void;
}

/**
 * Forwards 127.0.0.1:<port> to a target, so a test can take a server "away" without touching it: `cut()` destroys
 * every live connection and refuses new ones until `restore()`.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections forwarded so far. */
  readonly accepted: number;
  /** Connections refused while cut: how often clients tried to come back. */
  readonly refused: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const live = new Set<Socket>();
  let down = false;
  let accepted = 0;
  let refused = 0;
  const server = createServer((client) => {
    if (down) {
      refused += 1;
      return void client.destroy();
    }
    accepted += 1;
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      live.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        live.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      options.onClientData?.(chunk);
      if (!down) upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    cut() {
      down = true;
      for (const socket of live) socket.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      down = true;
      for (const socket of live) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
