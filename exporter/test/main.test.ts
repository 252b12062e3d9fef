import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from './support/db';
import { MAIN, runExporter } from './support/process';
import { freePort } from '../src/db/embedded';

const ROW_COUNTS = `select (select count(*) from crm.regions) + (select count(*) from crm.work_orders) as n`;

describe('npm start (dist/main.js)', () => {
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
      let ready = 0;
      for (let i = 0; i < 50 && ready !== 200; i++) {
        ready = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(body).toContain('crm_region_info{region="k",name="县",parent="",level="county"} 1');
      expect(run.output()).not.toContain(new URL(db.readerUrl).password);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect((await db.admin.raw(ROW_COUNTS)).rows).toEqual(before.rows);
    });
  });
});
