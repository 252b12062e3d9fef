import { ConfigError, loadConfig, type Config } from './config';
import { EmbeddedPostgresError } from './db/embedded';
import { startDemoDatabase, type DemoDatabase } from './demo';
import { createLogger } from './log';
import { loadWebConfig } from './server/web-config';
import { startService, type Service } from './service';

function demoWorkOrders(): number | undefined {
  const text = process.env.DEMO_WORK_ORDERS;
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1000) {
    throw new ConfigError(
      `DEMO_WORK_ORDERS: expected a whole number of at least 1000, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/**
 * `npm start`: with DATABASE_URL, read that CRM database read-only and seed nothing; without it,
 * run the demo on an embedded PostgreSQL.
 */
async function main(): Promise<void> {
  let config: Config;
  let workOrders: number | undefined;
  try {
    config = loadConfig();
    workOrders = demoWorkOrders();
    // checked here too, so a bad file stops start-up before a demo database is built
    if (config.web_config_file) loadWebConfig(config.web_config_file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`crm-kpi-exporter: ${error.message}\n`);
    process.exit(2);
  }
  const log = createLogger();
  const running: { demo?: DemoDatabase; service?: Service } = {};

  const start = async () => {
    let databaseUrl = config.database_url;
    if (!databaseUrl) {
      log.info('DATABASE_URL is not set: starting the demo on an embedded PostgreSQL');
      running.demo = await startDemoDatabase(config, log, { workOrders });
      databaseUrl = running.demo.readerUrl;
    }
    running.service = await startService({
      config,
      databaseUrl,
      log,
      mode: running.demo ? 'demo' : 'database',
    });
    const url = running.service.url;
    log.info({ metrics: `${url}/metrics` }, 'serving');
    process.stderr.write(
      `\nService KPI exporter: metrics at ${url}/metrics, status at ${url}/ (Ctrl-C stops)\n\n`,
    );
  };
  const starting = start().catch(async (error: unknown) => {
    // leave nothing behind: a demo whose exporter could not start still has a server to stop
    await running.service?.stop().catch(() => undefined);
    await running.demo?.stop().catch(() => undefined);
    throw error;
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await starting.catch(() => undefined); // a half-started demo still has a server to stop
    await running.service?.stop();
    await running.demo?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await starting;
}

main().catch((error: unknown) => {
  // a failure we can name is one line; anything else keeps its stack for the bug report
  const told = error instanceof EmbeddedPostgresError || error instanceof ConfigError;
  process.stderr.write(
    `crm-kpi-exporter: ${error instanceof Error ? (!told && error.stack) || error.message : String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
