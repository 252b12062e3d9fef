import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from './support/db';
import { MAIN, runExporter } from './support/process';
import { freePort } from '@service-kpi-monitor/embedded-postgres';

async function waitUntilReady(port: number, seconds = 60): Promise<void> {
  let status = 0;
  for (let i = 0; i < seconds * 10 && status !== 200; i++) {
    status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
}

const ROW_COUNTS = `select (select count(*) from crm.regions) + (select count(*) from crm.work_orders) as n`;

describe('the service (dist/main.js)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: npm test builds it first (npm run build -w exporter)`);
  });

  it('stops at start-up with exit code 2 and a message naming the bad key', async () => {
    const run = runExporter({ REGION_LEVEL: 'district', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(
      /region_level \(from environment variable REGION_LEVEL\): Invalid option: expected one of "province"\|"city"\|"county"\|"station"/,
    );
  });

  it('stops with exit code 2 naming database_url without DATABASE_URL: the service brings no database', async () => {
    const run = runExporter({ PORT: '0', DEMO_WORK_ORDERS: '1000' });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe(
      'crm-kpi-exporter: database_url (environment variable DATABASE_URL): required: the CRM database to read, ' +
        'as postgres://user:password@host:5432/db (the demo on an embedded PostgreSQL is `npm start` at the repository root)',
    );
  });

  it('stops with exit code 2 naming the keys when it cannot listen there', async () => {
    const run = runExporter({
      LISTEN_ADDRESS: '192.0.2.1',
      PORT: '0',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(await run.exited).toBe(2);
    expect(run.output().trim().split('\n').pop()).toMatch(
      /^crm-kpi-exporter: listen_address, port: cannot listen on 192\.0\.2\.1 port 0: listen EADDRNOTAVAIL/,
    );
  });

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      await db.admin('crm.regions').insert({ id: 'k', name: '县', parent_id: null, level: 'county' });
    });
    afterAll(() => db.close());

    it('reads that database through a read-only role, seeds nothing, and stops cleanly on SIGTERM', async () => {
      const before = await db.admin.raw(ROW_COUNTS);
      const port = await freePort();
      const run = runExporter({
        DATABASE_URL: db.readerUrl,
        PORT: String(port),
        LISTEN_ADDRESS: '127.0.0.1',
      });
      await run.waitFor(/metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
      await waitUntilReady(port);
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(body).toContain('crm_region_info{region="k",name="县",parent="",level="county"} 1');
      expect(run.output()).not.toContain(new URL(db.readerUrl).password);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect((await db.admin.raw(ROW_COUNTS)).rows).toEqual(before.rows);
    });
  });
});
