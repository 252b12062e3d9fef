import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Family } from '../kpi';
import { buildRegionTree, type RegionRow, type RegionTree } from '../kpi/regions';
import { SOURCES } from '../kpi/sources';
import { RELATIONS } from '../db/contract';
import { familyQuery, invalidRowsQuery, type QueryBindings } from '../kpi/sql';

export interface FamilyRow {
  labels: Record<string, string>;
  rows: number;
  values: number[];
}

/** One refresh's reading of the database: plain data, no prom-client. */
export interface Collection {
  t: Date;
  regions: RegionTree;
  /** per family: its rows, or the error that stopped its query */
  families: Map<string, FamilyRow[] | Error>;
  /** per relation: invalid rows by reason, or the error */
  invalid: Map<string, Map<string, number> | Error>;
  /** seconds each query took, by family (invalid-row checks as `invalid_<relation>`) */
  durations: Map<string, number>;
  /** the role could write to a contract relation (it should not be able to), undefined if unknown */
  roleCanWrite?: boolean;
}

/** Can the connected role change anything in the contract relations? (superusers always can) */
const ROLE_CAN_WRITE = `
  select coalesce((select rolsuper from pg_roles where rolname = current_user), false)
      or coalesce(bool_or(has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')), false) as can_write
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = ? and c.relname = any(?::text[])`;

/** The database's own words: knex prefixes the whole SQL text, which helps nobody reading /readyz. */
export function databaseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const sqlEnd = message.lastIndexOf(' - ');
  return sqlEnd >= 0 && /^\s*(Error:\s*)?(select|with|set|savepoint|begin)\b/i.test(message)
    ? message.slice(sqlEnd + 3)
    : message;
}

export interface CollectOptions {
  /** fixes the evaluation time (tests); default: the transaction's now() */
  evaluateAt?: Date;
  /** told the database session's process id, so a stuck refresh can be terminated */
  onSession?: (pid: number) => void;
}

/**
 * Reads everything in one read-only, repeatable-read transaction, so every number describes the same
 * instant t. Each family runs under a savepoint: a broken view fails its own family, not the refresh.
 */
export async function collect(
  db: Knex,
  config: Config,
  families: Family[],
  options: CollectOptions = {},
): Promise<Collection> {
  const schema = config.schema;
  return db.transaction(
    async (trx) => {
      await trx.raw(`set local statement_timeout = ${Math.round(config.statement_timeout * 1000)}`);
      const now = await trx.raw<{ rows: { t: Date; pid: number }[] }>(
        'select now() as t, pg_backend_pid() as pid',
      );
      const session = now.rows[0] as { t: Date; pid: number };
      options.onSession?.(session.pid);
      const t = options.evaluateAt ?? session.t;
      const regionRows = await trx.raw<{ rows: RegionRow[] }>(
        `select id, name, parent_id, level from "${schema}"."regions"`,
      );
      const regions = buildRegionTree(regionRows.rows, config.region_level);
      const bindings: QueryBindings = [t, [...regions.labelOf.keys()], [...regions.labelOf.values()]];
      const durations = new Map<string, number>();

      async function guarded<T>(
        name: string,
        sql: string,
        read: (rows: Record<string, unknown>[]) => T,
        values: readonly unknown[] = bindings,
      ) {
        const started = process.hrtime.bigint();
        await trx.raw('savepoint family');
        try {
          const result = await trx.raw<{ rows: Record<string, unknown>[] }>(sql, values as Knex.RawBinding[]);
          await trx.raw('release savepoint family');
          return read(result.rows);
        } catch (error) {
          await trx.raw('rollback to savepoint family');
          return new Error(databaseMessage(error));
        } finally {
          durations.set(name, Number(process.hrtime.bigint() - started) / 1e9);
        }
      }

      const familyResults = new Map<string, FamilyRow[] | Error>();
      for (const family of families) {
        const rows = await guarded(family.name, familyQuery(family, schema), (rows) =>
          rows.map((row) => ({
            labels: Object.fromEntries(family.labels.map((label) => [label, String(row[label])])),
            rows: Number(row.rows),
            values: family.measures.map((_, i) => Number(row[`m${i}`])),
          })),
        );
        familyResults.set(family.name, rows);
      }

      const roleCheck = await guarded(
        'role_privileges',
        ROLE_CAN_WRITE,
        (rows) => rows[0]?.can_write === true,
        [schema, RELATIONS],
      );

      const invalid = new Map<string, Map<string, number> | Error>();
      invalid.set('regions', regions.invalid);
      for (const source of Object.values(SOURCES)) {
        const result = await guarded(
          `invalid_${source.relation}`,
          invalidRowsQuery(source, schema),
          (rows) => new Map(rows.map((row) => [String(row.reason), Number(row.rows)])),
        );
        invalid.set(source.relation, result);
      }
      const roleCanWrite = roleCheck instanceof Error ? undefined : roleCheck;
      return { t, regions, families: familyResults, invalid, durations, roleCanWrite };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
