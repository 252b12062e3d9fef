import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knex, { type Knex } from 'knex';
import { migrateContract } from '@service-kpi-monitor/exporter/contract';
import { runSeedCli } from '../src/cli/seed';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';

function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSeedCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run seed', () => {
  let db: TestDatabase;
  let reader: Knex | undefined;
  const role = `seed_reader_${randomBytes(4).toString('hex')}`;
  const rolePassword = randomBytes(9).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase(); // migrated, empty: the CLI migrates again (a no-op) and loads
  });
  afterAll(async () => {
    await reader?.destroy();
    await db.admin.raw('drop owned by ??', [role]).catch(() => undefined);
    await db?.close();
    const server = knex({
      client: 'pg',
      connection: process.env.TEST_PG_ADMIN_URL,
      pool: { min: 0, max: 1 },
    });
    await server.raw('drop role if exists ??', [role]);
    await server.destroy();
  });

  it('loads the demo data and creates a read-only role that can select and cannot write', async () => {
    const result = await run([
      '--database-url',
      db.url,
      '--work-orders',
      '3000',
      '--reader-role',
      role,
      '--reader-password',
      rolePassword,
    ]);
    expect(result.err).not.toContain(new URL(db.url).password);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/3000 work orders/);
    // without a terminal: a structured progress line at the end (and every 5 s on longer loads)
    const lines = result.err.split('\n').filter((l) => l.startsWith('progress '));
    const last = JSON.parse((lines.at(-1) as string).slice('progress '.length)) as Record<string, number>;
    expect(last).toMatchObject({ rows: last.total, etaSeconds: 0 });
    // customers, work orders, outages and connection applications of the data set: 0.8, 1, 0.03, 0.04 × 3000
    expect(last.rows).toBeGreaterThanOrEqual(2400 + 3000 + 90 + 120);
    expect(last.rowsPerSecond).toBeGreaterThan(0);
    reader = knex({
      client: 'pg',
      connection: withUser(db.url, role, rolePassword),
      pool: { min: 0, max: 1 },
    });
    const { rows } = await reader.raw<{ rows: { n: string }[] }>('select count(*) as n from crm.work_orders');
    expect(Number(rows[0]!.n)).toBe(3000);
    await expect(reader.raw(`update crm.regions set name = 'x'`)).rejects.toThrow(
      /read-only|permission denied/,
    );
    // even in a transaction that asks to write, the role has no privilege to
    const write = reader.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      await trx.raw('insert into crm.regions values (?, ?, null, ?)', ['x', 'x', 'province']);
    });
    await expect(write).rejects.toThrow(/permission denied/);
    await expect(reader.raw('create table crm.sneaky (id int)')).rejects.toThrow(
      /read-only|permission denied/,
    );
  });

  it('places the data at --anchor: nothing after it, and the same rows for the same anchor', async () => {
    const anchor = '2026-03-10T05:30:00Z'; // rounded down to 05:00
    const digest = async (schema: string) => {
      const result = await run([
        ...['--database-url', db.url, '--schema', schema, '--work-orders', '1000', '--anchor', anchor],
      ]);
      expect(result.code).toBe(0);
      const { rows } = await db.admin.raw<{ rows: { latest: Date; md5: string }[] }>(
        `select max(accepted_at) as latest, md5(string_agg(w::text, ',' order by w.id)) as md5 from ??.work_orders w`,
        [schema],
      );
      return rows[0]!;
    };
    const first = await digest('anchored_a');
    expect(first.latest.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-10T05:00:00Z'));
    expect(first.latest.getTime()).toBeGreaterThan(Date.parse('2026-03-09T05:00:00Z'));
    expect((await digest('anchored_b')).md5).toBe(first.md5);
    for (const args of [
      ['--anchor', '2999-01-01T00:00:00Z'],
      ['--anchor', 'June'],
      ['--anchor', anchor, '--tick'],
    ]) {
      const refused = await run(['--database-url', db.url, '--schema', 'anchored_c', ...args]);
      expect([args, refused.code]).toEqual([args, 2]);
      expect(refused.err).toMatch(/--anchor/);
    }
  });

  it('reports the error of a load that fails, not what the half-filled tables break on afterwards', async () => {
    await migrateContract(db.admin, { schema: 'broken_calls' });
    await db.admin.raw('alter table broken_calls.calls drop column queue');
    const result = await run(['--database-url', db.url, '--schema', 'broken_calls', '--work-orders', '1000']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^seed: .*column "queue" of relation "calls" does not exist/m);
    expect(result.err).not.toMatch(/foreign key/);
  });

  it('refuses a schema that already holds rows, without printing the password', async () => {
    const result = await run(['--database-url', db.url, '--work-orders', '1000']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/already holds rows \(.*work_orders: 3000.*\); use --drop/);
    expect(result.err).not.toContain(new URL(db.url).password);
    const { rows } = await db.admin.raw<{ rows: { n: string }[] }>(
      'select count(*) as n from crm.work_orders',
    );
    expect(Number(rows[0]!.n)).toBe(3000);
  });

  it('leaves a schema that already holds rows as it is with --if-empty, and succeeds', async () => {
    const result = await run(['--database-url', db.url, '--work-orders', '1000', '--if-empty']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/already holds rows: left as it is/);
    const { rows } = await db.admin.raw<{ rows: { n: string }[] }>(
      'select count(*) as n from crm.work_orders',
    );
    expect(Number(rows[0]!.n)).toBe(3000);
  });

  it('replaces the data with --drop', async () => {
    const result = await run(['--database-url', db.url, '--work-orders', '1500', '--drop', '--seed', '5']);
    expect(result.code).toBe(0);
    const { rows } = await db.admin.raw<{ rows: { n: string }[] }>(
      'select count(*) as n from crm.work_orders',
    );
    expect(Number(rows[0]!.n)).toBe(1500);
  });

  it('keeps the data moving with --tick until interrupted', async () => {
    const err: string[] = [];
    const code = await runSeedCli(
      ['--database-url', db.url, '--work-orders', '1500', '--drop', '--tick', '50'],
      {
        out: () => undefined,
        err: (line) => err.push(line),
        untilInterrupted: () => new Promise((resolve) => setTimeout(resolve, 600)),
      },
    );
    expect(code).toBe(0);
    // the ticker itself is tested in ticker.test.ts; here: it ran, never failed, and stopped on the signal
    expect(err.filter((line) => line.startsWith('demo tick failed'))).toEqual([]);
    expect(err).toContain('keeping the demo data moving every 50 ms (Ctrl-C stops)');
    expect(err[err.length - 1]).toBe('ticker stopped');
  });

  it('with --tick-only keeps already seeded data moving without loading anything', async () => {
    const count = async () =>
      Number((await db.admin.raw('select count(*) as n from crm.work_orders')).rows[0].n);
    const before = await count();
    const err: string[] = [];
    const code = await runSeedCli(['--database-url', db.url, '--tick-only', '--tick', '50'], {
      out: () => undefined,
      err: (line) => err.push(line),
      untilInterrupted: () => new Promise((resolve) => setTimeout(resolve, 1500)),
    });
    expect(code).toBe(0);
    expect(err).not.toContain(expect.stringMatching(/^dropping schema/));
    expect(await count()).toBeGreaterThan(before);
    expect(err[err.length - 1]).toBe('ticker stopped');
  });

  it('refuses --tick-only on a schema without data', async () => {
    const err: string[] = [];
    const code = await runSeedCli(['--database-url', db.url, '--schema', 'empty_one', '--tick-only'], {
      out: () => undefined,
      err: (line) => err.push(line),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/schema "empty_one" .* holds no demo data to keep moving: seed it first/);
  });

  it('exits non-zero with a usage message on bad arguments, as a real process', async () => {
    const script = join(__dirname, '../src/cli/seed.ts');
    const exec = promisify(execFile);
    const failure = await exec(process.execPath, ['--import', 'tsx', script, '--work-orders', 'many'], {
      env: { ...process.env, DATABASE_URL: db.url },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/--work-orders.*positive integer/);
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const missing = await exec(process.execPath, ['--import', 'tsx', script], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((missing as { stderr: string }).stderr).toMatch(/--database-url/);
  });
});
