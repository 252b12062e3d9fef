import knex, { type Knex } from 'knex';
import type { Logger } from '../log';

/** Where the exporter reads from, safe to show: no password, ever. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgresql://${user}${u.host}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/**
 * The reader's connection pool: small and bounded, every session read-only with a statement timeout,
 * so even a mistaken query cannot write to the CRM or run away.
 */
export function connectReader(
  url: string,
  config: { pool_max: number; statement_timeout: number },
  log?: Logger,
): Knex {
  const timeoutMs = Math.round(config.statement_timeout * 1000);
  return knex({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: 'crm-kpi-exporter',
      connectionTimeoutMillis: 10_000,
    },
    pool: {
      min: 0,
      max: config.pool_max,
      afterCreate(
        connection: { query: (sql: string, cb: (error: Error | null) => void) => void },
        done: (error: Error | null, c: unknown) => void,
      ) {
        connection.query(
          `set default_transaction_read_only = on; set statement_timeout = ${timeoutMs}; set idle_in_transaction_session_timeout = ${timeoutMs}`,
          (error) => done(error, connection),
        );
      },
    },
    acquireConnectionTimeout: 15_000,
    // errors carry the SQL text but not the bindings (region arrays, times)
    compileSqlOnError: false,
    // knex's own warnings go to the structured log, not straight to the console
    log: log && {
      warn: (message: unknown) => log.warn({ knex: String(message) }, 'database client warning'),
      error: (message: unknown) => log.error({ knex: String(message) }, 'database client error'),
      deprecate: (message: unknown) => log.debug({ knex: String(message) }, 'database client deprecation'),
      debug: (message: unknown) => log.debug({ knex: String(message) }, 'database client debug'),
    },
  });
}
