import type { Knex } from 'knex';
import { ConfigError, type Config } from './config';
import { connectReader, describeDatabase } from './db/connection';
import type { Logger } from './log';
import type { CollectOptions } from './refresh/collect';
import { Refresher } from './refresh/refresher';
import { STOP_WAIT_MS, within } from './refresh/session';
import { createApp } from './server/app';
import { listen } from './server/listen';
import { loadWebConfig } from './server/web-config';

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
  // before anything opens: a bad web-config file stops start-up with a ConfigError naming the key
  const webConfig = config.web_config_file ? loadWebConfig(config.web_config_file) : undefined;
  const db = connectReader(options.databaseUrl, config, log);
  const refresher = new Refresher(db, config, log, { evaluateAt: options.evaluateAt });
  const app = createApp(
    { refresher, databaseTarget: describeDatabase(options.databaseUrl), mode: options.mode },
    { webConfig, log, rateLimit: { limit: config.http_requests_per_minute, windowMs: 60_000 } },
  );
  const listener = await listen(app, {
    host: config.listen_address,
    port: config.port,
    tls: webConfig?.tls,
  }).catch(async (error: unknown) => {
    await db.destroy(); // e.g. the port is taken: leave no pool behind
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `listen_address, port: cannot listen on ${config.listen_address} port ${config.port}: ${reason}`,
    );
  });
  if (options.background !== false) refresher.start();
  return {
    url: listener.url,
    refresher,
    db,
    async stop() {
      // answer in-flight scrapes, refuse new ones, then let the refresh finish and close the pool
      await listener.close();
      await refresher.stop();
      // a pool with a connection to a frozen database would never finish closing
      await within(db.destroy(), STOP_WAIT_MS);
    },
  };
}
