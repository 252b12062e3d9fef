import { Client } from 'pg';
import { AS_OF_SQL, asOfDay, type Feature } from './features';
import { ACTIVE, sampleQuery } from './sql';

/**
 * The only code that talks to the CRM: one read-only, repeatable-read transaction with a statement
 * timeout, rolled back at the end. It never writes.
 */

export interface CrmReader {
  /** the day given with --as-of (YYYY-MM-DD) that every query reads as of; undefined: today */
  readonly asOfDay?: string;
  /** relation → its columns, for every relation of the schema this role can read */
  columns(): Promise<Map<string, Set<string>>>;
  /**
   * The instant the features describe (start of the database's current day), the active customers,
   * and rows that break the contract: customers without opened_at (skipped) and, per feature, values
   * it reads in a stated way.
   */
  population(features: readonly Feature[]): Promise<{
    asOf: string;
    customers: number;
    invalid: { reason: string; rows: number; readAs: string }[];
  }>;
  /** sampled customers' raw feature values, in `features` order, ordered by customer id */
  sample(options: {
    features: readonly Feature[];
    windowMonths: number;
    size: number;
    seed: number;
  }): Promise<{
    ids: string[];
    rows: number[][];
  }>;
  close(): Promise<void>;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function openCrm(options: {
  databaseUrl: string;
  schema: string;
  statementTimeoutSeconds: number;
  /** YYYY-MM-DD: read as of that day, not today */
  asOfDay?: string;
}): Promise<CrmReader> {
  const client = new Client({
    connectionString: options.databaseUrl,
    application_name: 'service-kpi-monitor segments',
  });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set local statement_timeout = ${Math.round(options.statementTimeoutSeconds * 1000)}`);
    await client.query(`set local search_path to ${quoteIdentifier(options.schema)}`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    asOfDay: options.asOfDay,
    async columns() {
      const { rows } = await client.query<{ relation: string; column: string }>(
        `select table_name as relation, column_name as column
         from information_schema.columns where table_schema = $1`,
        [options.schema],
      );
      const byRelation = new Map<string, Set<string>>();
      for (const { relation, column } of rows) {
        if (!byRelation.has(relation)) byRelation.set(relation, new Set());
        byRelation.get(relation)!.add(column);
      }
      return byRelation;
    },
    async population(features) {
      const checked = features.filter((f) => f.invalid);
      const { rows } = await client.query<Record<string, string | Date>>(
        asOfDay(
          `select ${AS_OF_SQL} as as_of,
           count(*) filter (where ${ACTIVE}) as customers,
           count(*) filter (where p.opened_at is null) as null_opened_at
           ${checked.map((f) => `, count(*) filter (where (${ACTIVE}) and (${f.invalid!.where})) as ${f.key}`).join('')}
         from customers p`,
          options.asOfDay,
        ),
      );
      const row = rows[0]!;
      const invalid = [
        { reason: 'null_opened_at', rows: Number(row.null_opened_at), readAs: 'skipped' },
        ...checked.map((f) => ({
          reason: f.invalid!.reason,
          rows: Number(row[f.key]),
          readAs: f.invalid!.readAs,
        })),
      ].filter((i) => i.rows > 0);
      return { asOf: (row.as_of as Date).toISOString(), customers: Number(row.customers), invalid };
    },
    async sample({ features, windowMonths, size, seed }) {
      const { rows } = await client.query<Record<string, string | number>>(
        asOfDay(sampleQuery({ features, windowMonths, sample: { size, seed } }), options.asOfDay),
      );
      const ids: string[] = [];
      const values: number[][] = [];
      for (const row of rows) {
        ids.push(String(row.customer_id));
        values.push(features.map((f) => Number(row[f.key])));
      }
      return { ids, rows: values };
    },
    async close() {
      try {
        await client.query('rollback');
      } finally {
        await client.end();
      }
    },
  };
}
