import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FreezableProxy {
  /** the database URL, through the proxy */
  url: string;
  /** stops passing bytes either way, as a hung network or a frozen database server does */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of a database URL's server, which a test can freeze and thaw. */
export async function startFreezableProxy(databaseUrl: string): Promise<FreezableProxy> {
  const target = new URL(databaseUrl);
  /** each connection: the client's socket and the one to the server */
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  // a piped stream resumes itself when its destination drains: freezing unpipes instead of pausing
  const flow = ([client, upstream]: [Socket, Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const stop = ([client, upstream]: [Socket, Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server = createServer((client) => {
    const pair: [Socket, Socket] = [client, connect(Number(target.port), target.hostname)];
    pairs.add(pair);
    for (const socket of pair) {
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        pairs.delete(pair);
        for (const other of pair) other.destroy();
      });
    }
    if (frozen) stop(pair);
    else flow(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    freeze() {
      frozen = true;
      pairs.forEach(stop);
    },
    thaw() {
      frozen = false;
      pairs.forEach(flow);
    },
    close() {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
