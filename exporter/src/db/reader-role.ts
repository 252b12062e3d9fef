import type { Knex } from 'knex';
import { RELATIONS } from './contract';

/**
 * The minimal role the exporter needs: USAGE on the schema and SELECT on the contract relations the schema has,
 * nothing else, read-only by default. Created or refreshed; never used by `npm start` on a CRM database.
 */
export async function grantReader(
  knex: Knex,
  { schema, role, password }: { schema: string; role: string; password: string },
): Promise<void> {
  const exists = await knex.raw<{ rows: unknown[] }>('select 1 from pg_roles where rolname = ?', [role]);
  const verb = exists.rows.length ? 'alter' : 'create';
  await knex.raw(`${verb} role ?? with login password ${quoteLiteral(password)}`, [role]);
  await knex.raw('alter role ?? set default_transaction_read_only = on', [role]);
  await knex.raw('grant usage on schema ?? to ??', [schema, role]);
  const { rows } = await knex.raw<{ rows: { relation: string }[] }>(
    'select c.relname as relation from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relname = any(?)',
    [schema, RELATIONS],
  );
  // the optional v2 relations may not exist
  for (const { relation } of rows) await knex.raw('grant select on ??.?? to ??', [schema, relation, role]);
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
