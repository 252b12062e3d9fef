import type { Knex } from 'knex';
import type { Config } from '../config';
import { readAvailable, type Available } from '../db/available';
import { buildRegionTree, type RegionRow, type RegionTree } from '../kpi/regions';
import { plausibleUntil } from '../kpi/sources';
import type { Row, Tallied } from '../kpi/plan';
import type { QueryBindings } from '../kpi/sql';
import type { RefreshQuery, Statement, Window } from './queries';

export interface Reading {
  window: Window;
  /** per part of the query (a family, or `invalid_<relation>`) */
  parts: Map<string, Tallied[]>;
}

/** One refresh's reading of the database: plain data, no prom-client. */
export interface Collection {
  t: Date;
  regions: RegionTree;
  /** per query (a source's families, or `invalid_<relation>`): what it read, or the error */
  readings: Map<string, Reading | Error>;
  /** seconds each query took, by the same names */
  durations: Map<string, number>;
  /** what the role could write (it should not be able to write anything), undefined if unknown */
  roleWrites?: string[];
}

/**
 * What the connected role could change: superuser; INSERT, UPDATE, DELETE or TRUNCATE on any table or
 * view of a schema it may use (the base tables behind the contract views too, wherever they are);
 * default privileges that would give it such rights on tables created later. Up to 5 names.
 */
const ROLE_WRITES = `
  with writable as (
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'f')
      and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'
      and has_schema_privilege(n.oid, 'USAGE')
      and has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
  ), defaults as (
    select 'default privileges of ' || pg_get_userbyid(d.defaclrole)
      || coalesce(' in schema ' || d.defaclnamespace::regnamespace::text, '') as name
    from pg_default_acl d, aclexplode(d.defaclacl) a
    where d.defaclobjtype = 'r' and a.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
      and (a.grantee = 0 or pg_has_role(a.grantee, 'USAGE'))
  )
  select array(
    select 'superuser' from pg_roles where rolname = current_user and rolsuper
    union all (select name from writable order by name limit 5)
    union all (select distinct name from defaults order by name limit 5)
  ) as writes`;

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
  evaluateAt?: Date | (() => Date);
  /** the window each query reads, once t and the regions are known; default: full, settled up to t */
  windows?: (t: Date, regions: RegionTree) => (name: string) => Window;
  /** told the database session's process id, so a stuck refresh can be terminated */
  onSession?: (pid: number) => void;
}

/** The start of a refresh's transaction: its settings, t, the region tree and what the CRM has. */
export interface Snapshot {
  t: Date;
  regions: RegionTree;
  available: Available;
}

/**
 * Sets up a read-only refresh transaction (statement_timeout, work_mem, encoding) and reads t, the
 * region tree and the contract parts the schema holds.
 */
export async function startSnapshot(
  trx: Knex.Transaction,
  config: Config,
  options: CollectOptions,
): Promise<Snapshot> {
  await trx.raw(`set local statement_timeout = ${Math.round(config.statement_timeout * 1000)}`);
  // a source query groups several families at once: hash it in memory rather than sort on disk
  await trx.raw(`set local work_mem = '64MB'`);
  // a full recount groups millions of rows into a few thousand label combinations, which PostgreSQL
  // over-estimates (it multiplies the distinct values of every label) and would sort on disk, several
  // times slower: let it plan hash tables of up to 8 × work_mem, which hold only the real groups
  await trx.raw(
    `select set_config('hash_mem_multiplier', '8', true) where current_setting('server_version_num')::int >= 130000`,
  );
  // a SQL_ASCII database may hold text that is not UTF-8, which it would refuse to send to a UTF8
  // client, failing the whole refresh: take its bytes as they are; the checks count such rows
  await trx.raw(
    `select set_config('client_encoding', 'SQL_ASCII', true) where current_setting('server_encoding') = 'SQL_ASCII'`,
  );
  const now = await trx.raw<{ rows: { t: Date; pid: number }[] }>(
    'select now() as t, pg_backend_pid() as pid',
  );
  const session = now.rows[0] as { t: Date; pid: number };
  options.onSession?.(session.pid);
  const t =
    typeof options.evaluateAt === 'function' ? options.evaluateAt() : (options.evaluateAt ?? session.t);
  const regionRows = await trx.raw<{ rows: RegionRow[] }>(
    `select id, name, parent_id, level from "${config.schema}"."regions"`,
  );
  const regions = buildRegionTree(regionRows.rows, config.region_level);
  // the optional v2 relations and columns: a view may gain or lose them between refreshes
  const available = await readAvailable(trx, config.schema);
  return { t, regions, available };
}

/**
 * Runs one query under a savepoint, so that a broken view fails its own query and not the
 * transaction, adding its time to `durations` under its name.
 */
export async function guardedQuery<T>(
  trx: Knex.Transaction,
  durations: Map<string, number>,
  name: string,
  sql: string,
  values: readonly unknown[],
  read: (rows: Row[]) => T,
): Promise<T | Error> {
  const started = process.hrtime.bigint();
  await trx.raw('savepoint family');
  try {
    const result = await trx.raw<{ rows: Row[] }>(sql, values as Knex.RawBinding[]);
    await trx.raw('release savepoint family');
    return read(result.rows);
  } catch (error) {
    await trx.raw('rollback to savepoint family');
    return new Error(databaseMessage(error));
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    durations.set(name, (durations.get(name) ?? 0) + seconds);
  }
}

/**
 * Reads everything in one read-only, repeatable-read transaction, so every number describes the same
 * instant t. Each query runs under a savepoint: a broken view fails its own query, not the refresh.
 */
export async function collect(
  db: Knex,
  config: Config,
  queriesFor: (available: Available) => RefreshQuery[],
  options: CollectOptions = {},
): Promise<Collection> {
  const schema = config.schema;
  return db.transaction(
    async (trx) => {
      const { t, regions, available } = await startSnapshot(trx, config, options);
      const queries = queriesFor(available);
      const windowOf = options.windows?.(t, regions) ?? (() => ({ mode: 'full', from: null, until: t }));
      const regionIds = [...regions.labelOf.keys()];
      const labelRegions = [...regions.labelOf.values()];
      const horizon = plausibleUntil(t);
      const durations = new Map<string, number>();
      const guarded = <T>(name: string, sql: string, values: readonly unknown[], read: (rows: Row[]) => T) =>
        guardedQuery(trx, durations, name, sql, values, read);

      const readings = new Map<string, Reading | Error>();
      for (const query of queries) {
        const window = windowOf(query.name);
        const run = (statement: Statement): Promise<Row[] | Error> => {
          const bindings: QueryBindings = [t, window.until, statement.from, horizon, regionIds, labelRegions];
          return guarded(query.name, statement.sql, bindings, (r) => r);
        };
        let rows: Row[] | Error = [];
        for (const statement of query.statements(schema, window)) {
          const read = await run(statement);
          rows = read instanceof Error ? read : rows.concat(read);
          if (rows instanceof Error) break;
        }
        if (!(rows instanceof Error) && query.followUp?.needed(rows)) {
          const read = await run(query.followUp.statement(schema, window));
          rows = read instanceof Error ? read : rows.concat(read);
        }
        readings.set(query.name, rows instanceof Error ? rows : { window, parts: query.split(rows) });
      }

      const roleCheck = await guarded('role_privileges', ROLE_WRITES, [], (rows) =>
        rows[0]?.writes instanceof Array ? (rows[0].writes as string[]) : [],
      );
      const roleWrites = roleCheck instanceof Error ? undefined : roleCheck;
      return { t, regions, readings, durations, roleWrites };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
