import { Client } from 'pg';
import { existsSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from './support/db';
import { MAIN, runExporter } from './support/process';
import { freePort } from '../src/db/embedded';

async function waitUntilReady(port: number, seconds = 60): Promise<void> {
  let status = 0;
  for (let i = 0; i < seconds * 10 && status !== 200; i++) {
    status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
}

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

  it('runs the demo without DATABASE_URL and stops it, embedded PostgreSQL included, on Ctrl-C', async () => {
    const port = await freePort();
    const run = runExporter({ PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', DEMO_WORK_ORDERS: '5000' });
    await run.waitFor(/metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/, 120_000);
    const pgPort = Number(
      /"msg":"embedded demo database ready"/.test(run.output()) && /"port":(\d+)/.exec(run.output())?.[1],
    );
    expect(pgPort).toBeGreaterThan(0);
    await waitUntilReady(port);
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(body).toMatch(/^crm_exporter_up 1$/m);
    expect(body).toMatch(
      /^crm_work_orders_accepted_total\{region="ah\.[a-z.]+",segment="\w+",type="repair"\} [1-9]/m,
    );
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('demo (embedded PostgreSQL');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const probe = new Client({
      connectionString: `postgres://postgres:embedded@127.0.0.1:${pgPort}/postgres`,
    });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 150_000);

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

  it('ends a failed start of the embedded PostgreSQL with one line and exit code 1', async () => {
    const run = runExporter({ TMPDIR: '/nonexistent/tmp', PORT: '0', DEMO_WORK_ORDERS: '1000' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines.pop()).toMatch(
      /^crm-kpi-exporter: cannot create the embedded PostgreSQL's directory in \/nonexistent\/tmp: ENOENT: no such file or directory, mkdtemp '\/nonexistent\/tmp\/crm-kpi-pg-\w+'$/,
    );
    expect(lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
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
