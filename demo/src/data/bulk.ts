import type { Knex } from 'knex';
import { RELATIONS } from '@service-kpi-monitor/exporter/contract';
import { quoteIdent } from './copy';

interface Definition {
  table: string;
  name: string;
  definition: string;
}

async function foreignKeysOf(knex: Knex, schema: string): Promise<Definition[]> {
  const { rows } = await knex.raw<{ rows: Definition[] }>(
    `select c.conrelid::regclass::text as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = ? and t.relname = any(?) and c.contype = 'f'`,
    [schema, RELATIONS],
  );
  return rows;
}

/** Indexes that back no constraint (primary keys stay). */
async function indexesOf(knex: Knex, schema: string): Promise<Definition[]> {
  const { rows } = await knex.raw<{ rows: Definition[] }>(
    `select t.relname as "table", i.relname as name, pg_get_indexdef(i.oid) as definition
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = ? and t.relname = any(?)
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [schema, RELATIONS],
  );
  return rows;
}

/**
 * Loads faster without secondary indexes and foreign keys: they are dropped, `load` runs, and then
 * they are recreated from their saved definitions (one index build and one validation per constraint
 * instead of per-row maintenance) once `load` has succeeded.
 */
export async function withoutSecondaryIndexes<T>(
  knex: Knex,
  schema: string,
  load: () => Promise<T>,
): Promise<T> {
  // with only pg_catalog on the search path every name in the saved definitions is schema-qualified
  const { foreignKeys, indexes } = await knex.transaction(async (trx) => {
    await trx.raw('set local search_path = pg_catalog');
    return { foreignKeys: await foreignKeysOf(trx, schema), indexes: await indexesOf(trx, schema) };
  });
  for (const fk of foreignKeys)
    await knex.raw(`alter table ${fk.table} drop constraint ${quoteIdent(fk.name)}`);
  for (const index of indexes) await knex.raw(`drop index ${quoteIdent(schema)}.${quoteIdent(index.name)}`);
  // a load that fails leaves the schema half-filled (a seed then needs --drop): its error is the one to
  // report, not the foreign key that half-filled tables would break on being restored
  const loaded = await load();
  // two index builds at a time: one per core
  const pending = [...indexes];
  const worker = async () => {
    for (let index = pending.shift(); index; index = pending.shift()) await knex.raw(index.definition);
  };
  await Promise.all([worker(), worker()]);
  for (const fk of foreignKeys) {
    await knex.raw(`alter table ${fk.table} add constraint ${quoteIdent(fk.name)} ${fk.definition}`);
  }
  return loaded;
}
