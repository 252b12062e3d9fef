import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import type { ContractVersion } from '../../src/db/contract';
import { migrateContract } from '../../src/db/migrations';
import { grantReader } from '../../src/db/reader-role';

export interface TestDatabase {
  /** owner connection to a fresh database: load rows with it */
  url: string;
  /** a role with only USAGE on the schema and SELECT on the contract relations */
  readerUrl: string;
  schema: string;
  admin: Knex;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error(
      'TEST_PG_ADMIN_URL is not set: run the tests through jest (global-setup starts PostgreSQL)',
    );
  return url;
}

function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

/** The smallest region tree the HTTP tests publish under: a province, a city and the county `p.c.k`. */
export const ONE_COUNTY = [
  { id: 'p', name: '省', parent_id: null, level: 'province' },
  { id: 'p.c', name: '市', parent_id: 'p', level: 'city' },
  { id: 'p.c.k', name: '县', parent_id: 'p.c', level: 'county' },
];

/**
 * A fresh database on the run's server with the contract migrated and a read-only role.
 * `enforce: false` leaves out NOT NULL, CHECK and FK constraints so that bad rows can be loaded;
 * `encoding: 'SQL_ASCII'` makes a database that stores any bytes, valid UTF-8 or not, as old CRMs do;
 * `version: 'v1'` leaves out the optional v2 relations and columns, as a CRM without them.
 */
export async function createTestDatabase(
  options: { enforce?: boolean; schema?: string; encoding?: 'SQL_ASCII'; version?: ContractVersion } = {},
): Promise<TestDatabase> {
  const schema = options.schema ?? 'crm';
  const name = `t_${randomBytes(6).toString('hex')}`;
  const reader = { name: `${name}_reader`, password: randomBytes(9).toString('hex') };
  const server = knex({ client: 'pg', connection: adminUrl(), pool: { min: 0, max: 1 } });
  if (options.encoding)
    // an encoding other than the template's needs template0 and the C locale
    await server.raw(`create database ?? encoding '${options.encoding}' locale 'C' template template0`, [
      name,
    ]);
  else await server.raw('create database ??', [name]);
  const url = withDatabase(adminUrl(), name);
  const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 4 } });
  await migrateContract(admin, { schema, enforce: options.enforce ?? true, version: options.version });
  await grantReader(admin, { schema, role: reader.name, password: reader.password });
  return {
    url,
    readerUrl: withDatabase(adminUrl(), name, reader),
    schema,
    admin,
    async close() {
      await admin.destroy();
      await server.raw('drop database if exists ?? with (force)', [name]);
      await server.raw('drop role if exists ??', [reader.name]);
      await server.destroy();
    },
  };
}
