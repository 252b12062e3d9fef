import { Client } from 'pg';
import { AS_OF_SQL, type Feature } from './features';
import { sampleQuery } from './sql';

/**
 * The only code that talks to the CRM: one read-only, repeatable-read transaction with a statement
 * timeout, rolled back at the end. It never writes.
 */

export interface CrmReader {
  /** relation → its columns, for every relation of the schema this role can read */
  columns(): Promise<Map<string, Set<string>>>;
  /** the instant the features describe (start of the database's current day) and the active customers */
  population(): Promise<{ asOf: string; customers: number }>;
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
    async population() {
      const { rows } = await client.query<{ as_of: Date; customers: string }>(
        `select ${AS_OF_SQL} as as_of, count(*) as customers from customers
         where opened_at <= ${AS_OF_SQL} and (closed_at is null or closed_at > ${AS_OF_SQL})`,
      );
      return { asOf: rows[0]!.as_of.toISOString(), customers: Number(rows[0]!.customers) };
    },
    async sample({ features, windowMonths, size, seed }) {
      const { rows } = await client.query<Record<string, string | number>>(
        sampleQuery({ features, windowMonths, sample: { size, seed } }),
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
