import type { Knex } from 'knex';
import { contractParts, type Column, type ContractVersion } from './contract';

/**
 * Creates the contract relations as tables. Only ever run against the demo database or
 * a database named explicitly to `npm run seed`; never against a DATABASE_URL given to `npm start`.
 *
 * `enforce: false` leaves out NOT NULL, CHECK and FOREIGN KEY constraints, so tests can load the
 * kind of bad rows a real CRM view may return.
 */
export interface MigrateOptions {
  schema: string;
  enforce?: boolean;
  /** `v1` leaves out the optional v2 relations and columns: a CRM that has none of them */
  version?: ContractVersion;
}

function addColumn(
  t: Knex.CreateTableBuilder,
  table: string,
  name: string,
  c: Column,
  enforce: boolean,
): void {
  const builder =
    c.type === 'timestamptz'
      ? t.timestamp(name, { useTz: true })
      : c.type === 'boolean'
        ? t.boolean(name)
        : c.type === 'text'
          ? t.text(name)
          : t.specificType(name, c.type);
  if (c.defaultTo !== undefined) builder.defaultTo(c.defaultTo);
  if (!enforce) return;
  if (!c.nullable) builder.notNullable();
  if (c.oneOf)
    t.check(`?? in (${c.oneOf.map(() => '?').join(', ')})`, [name, ...c.oneOf], `${table}_${name}_check`);
}

function contractMigration(schema: string, enforce: boolean, version: ContractVersion): Knex.Migration {
  const parts = contractParts(version);
  return {
    async up(knex) {
      await knex.raw('create schema if not exists ??', [schema]);
      for (const [relation, columns] of parts) {
        await knex.schema.withSchema(schema).createTable(relation, (t) => {
          for (const [name, c] of columns) addColumn(t, relation, name, c, enforce);
          t.primary(columns.filter(([, c]) => c.primaryKey).map(([name]) => name));
        });
        const indexed = columns.filter(([, c]) => c.indexed || c.references);
        for (const [name] of indexed) {
          await knex.raw('create index ?? on ??.?? (??)', [
            `${relation}_${name}_idx`,
            schema,
            relation,
            name,
          ]);
        }
      }
      if (!enforce) return;
      for (const [relation, columns] of parts) {
        for (const [name, c] of columns) {
          if (!c.references) continue;
          await knex.raw('alter table ??.?? add foreign key (??) references ??.?? (??)', [
            schema,
            relation,
            name,
            schema,
            c.references.relation,
            c.references.column,
          ]);
        }
      }
    },
    async down(knex) {
      for (const [relation] of [...parts].reverse()) {
        await knex.schema.withSchema(schema).dropTableIfExists(relation);
      }
    },
  };
}

const MIGRATION_NAME = '001_crm_contract';

export async function migrateContract(
  knex: Knex,
  { schema, enforce = true, version = 'v2' }: MigrateOptions,
): Promise<void> {
  const migration = contractMigration(schema, enforce, version);
  await knex.raw('create schema if not exists ??', [schema]);
  await knex.migrate.latest({
    schemaName: schema,
    tableName: 'kpi_exporter_migrations',
    migrationSource: {
      getMigrations: async () => [MIGRATION_NAME],
      getMigrationName: (m: string) => m,
      getMigration: async () => migration,
    },
  });
}
