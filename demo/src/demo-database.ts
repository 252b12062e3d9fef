import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import type { Config, LocalDatabase, Logger } from '@service-kpi-monitor/exporter';
import { seedDemo, startDemoTicker, type DemoTicker } from './data';
import { startEmbeddedPostgres, type EmbeddedServer } from '@service-kpi-monitor/embedded-postgres';
import { migrateContract, grantReader } from '@service-kpi-monitor/exporter/contract';

/**
 * The demo behind `npm start` without DATABASE_URL: an embedded PostgreSQL, the contract migrated,
 * deterministic demo data, a read-only role for the exporter, and a ticker that keeps the data moving.
 */
export interface DemoOptions {
  /** size of the data set (default: the demo's) */
  workOrders?: number;
  /** pause between ticks of the ticker (default: the ticker's) */
  tickMs?: number;
}

export async function startDemoDatabase(
  config: Config,
  log: Logger,
  { workOrders, tickMs }: DemoOptions = {},
): Promise<LocalDatabase> {
  const started = Date.now();
  let server: EmbeddedServer | undefined;
  let admin: Knex | undefined;
  let ticker: DemoTicker | undefined;
  const stop = async () => {
    await ticker?.stop();
    await admin?.destroy();
    await server?.stop();
  };
  try {
    server = await startEmbeddedPostgres({
      onLog: (line) => log.trace({ postgres: line }, 'embedded postgres'),
    });
    await server.createDatabase('crm_demo');
    admin = knex({ client: 'pg', connection: server.url('crm_demo'), pool: { min: 0, max: 4 } });
    await migrateContract(admin, { schema: config.schema });
    const summary = await seedDemo(admin, {
      schema: config.schema,
      workOrders,
      log: (msg, fields) => log.info(fields ?? {}, msg),
    });
    log.info({ ...summary }, 'demo data loaded');
    const reader = { role: 'kpi_reader', password: randomBytes(12).toString('hex') };
    await grantReader(admin, { schema: config.schema, role: reader.role, password: reader.password });
    ticker = startDemoTicker(admin, {
      schema: config.schema,
      intervalMs: tickMs,
      log: (msg, fields) => log.debug(fields ?? {}, msg),
    });
    await ticker.ready;
    log.info({ seconds: (Date.now() - started) / 1000, port: server.port }, 'embedded demo database ready');
    const url = new URL(server.url('crm_demo'));
    url.username = reader.role;
    url.password = reader.password;
    return { readerUrl: url.toString(), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
