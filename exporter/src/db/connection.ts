import knex, { type Knex } from 'knex';
import type { Config } from '../config';

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
export function connectReader(url: string, config: Pick<Config, 'pool_max' | 'statement_timeout'>): Knex {
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
  });
}
