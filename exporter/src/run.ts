import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { loadWebConfig } from './server/web-config';
import { startService, type Service } from './service';

/** A database brought up for the service to read where DATABASE_URL is unset (the demo's). */
export interface LocalDatabase {
  /** the read-only role's connection string: what the service reads through */
  readerUrl: string;
  stop(): Promise<void>;
}

/** What starts a LocalDatabase: given by the demo workspace's entry point, never by the service's. */
export interface LocalDatabaseStarter {
  /** checks its own settings before anything starts; a ConfigError stops start-up with exit code 2 */
  check?(): void;
  start(config: Config, log: Logger): Promise<LocalDatabase>;
  /** a failure of start() whose message says it all: printed as one line, without a stack */
  toldInOneLine?(error: unknown): boolean;
}

const MISSING_DATABASE_URL =
  'database_url (environment variable DATABASE_URL): required: the CRM database to read, as ' +
  'postgres://user:password@host:5432/db (the demo on an embedded PostgreSQL is `npm start` at the repository root)';

/**
 * The exporter as a process: with DATABASE_URL, read that CRM database read-only and seed nothing;
 * without it, read the `local` database if one is given (the demo's), else stop with exit code 2.
 * SIGINT and SIGTERM stop the service, then the local database. Exit codes: 2 for a bad
 * configuration, 1 for any other failure to start.
 */
export function runExporter(local?: LocalDatabaseStarter): void {
  main(local).catch((error: unknown) => {
    // a failure we can name is one line; anything else keeps its stack for the bug report
    const told = error instanceof ConfigError || local?.toldInOneLine?.(error) === true;
    process.stderr.write(
      `crm-kpi-exporter: ${error instanceof Error ? (!told && error.stack) || error.message : String(error)}\n`,
    );
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}

async function main(local: LocalDatabaseStarter | undefined): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
    if (!config.database_url && !local) throw new ConfigError(MISSING_DATABASE_URL);
    local?.check?.();
    // checked here too, so a bad file stops start-up before a local database is built
    if (config.web_config_file) loadWebConfig(config.web_config_file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`crm-kpi-exporter: ${error.message}\n`);
    process.exit(2);
  }
  const log = createLogger();
  const running: { database?: LocalDatabase; service?: Service } = {};

  const start = async () => {
    let databaseUrl = config.database_url;
    if (!databaseUrl && local) {
      log.info('DATABASE_URL is not set: starting the demo on an embedded PostgreSQL');
      running.database = await local.start(config, log);
      databaseUrl = running.database.readerUrl;
    }
    if (!databaseUrl) throw new ConfigError(MISSING_DATABASE_URL);
    running.service = await startService({
      config,
      databaseUrl,
      log,
      mode: running.database ? 'demo' : 'database',
    });
    const url = running.service.url;
    log.info({ metrics: `${url}/metrics` }, 'serving');
    process.stderr.write(
      `\nService KPI exporter: metrics at ${url}/metrics, status at ${url}/ (Ctrl-C stops)\n\n`,
    );
  };
  const starting = start().catch(async (error: unknown) => {
    // leave nothing behind: a local database whose exporter could not start still has a server to stop
    await running.service?.stop().catch(() => undefined);
    await running.database?.stop().catch(() => undefined);
    throw error;
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await starting.catch(() => undefined); // a half-started local database still has a server to stop
    await running.service?.stop();
    await running.database?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await starting;
}
