import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { Config } from './config';
import { connectReader, describeDatabase } from './db/connection';
import type { Logger } from './log';
import type { CollectOptions } from './refresh/collect';
import { Refresher } from './refresh/refresher';
import { createApp } from './server/app';

export interface Service {
  url: string;
  refresher: Refresher;
  db: Knex;
  stop(): Promise<void>;
}

export interface ServiceOptions extends CollectOptions {
  config: Config;
  /** the reader's connection string (read-only role) */
  databaseUrl: string;
  log: Logger;
  mode: 'demo' | 'database';
  /** false: refresh only when asked (tests) */
  background?: boolean;
}

/** The exporter proper: a read-only pool, the background refresher, and the HTTP server. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, log } = options;
  const db = connectReader(options.databaseUrl, config);
  const refresher = new Refresher(db, config, log, { evaluateAt: options.evaluateAt });
  const app = createApp({
    refresher,
    databaseTarget: describeDatabase(options.databaseUrl),
    mode: options.mode,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.listen_address, () => resolve(s));
    s.on('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const host =
    config.listen_address === '0.0.0.0' || config.listen_address === '::'
      ? 'localhost'
      : config.listen_address;
  if (options.background !== false) refresher.start();
  return {
    url: `http://${host}:${port}`,
    refresher,
    db,
    async stop() {
      // answer in-flight scrapes, refuse new ones, then let the refresh finish and close the pool
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await refresher.stop();
      await db.destroy();
    },
  };
}
