import { Client } from 'pg';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@service-kpi-monitor/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import { runExporter } from '../../exporter/test/support/process';

/** What `npm start` runs (the demo workspace's entry point). */
const DEMO_MAIN = join(__dirname, '..', 'dist', 'main.js');
const runDemo = (env: Record<string, string>) =>
  runExporter(env, { file: process.execPath, args: [DEMO_MAIN] });

async function waitUntilReady(port: number, seconds = 60): Promise<void> {
  let status = 0;
  for (let i = 0; i < seconds * 10 && status !== 200; i++) {
    status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
}

const ROW_COUNTS = `select (select count(*) from crm.regions) + (select count(*) from crm.work_orders) as n`;

describe('npm start (demo/dist/main.js)', () => {
  beforeAll(() => {
    if (!existsSync(DEMO_MAIN))
      throw new Error(
        `${DEMO_MAIN} is missing: npm test builds it first (npm run build:with-dependencies -w demo)`,
      );
  });

  it('runs the demo without DATABASE_URL and stops it, embedded PostgreSQL included, on Ctrl-C', async () => {
    const port = await freePort();
    const run = runDemo({ PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', DEMO_WORK_ORDERS: '5000' });
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
    // the outage-experience schedule reads after the first refresh has ranked the segments: its
    // gauges carry the customers' own segments, none folded into `other` (the demo has five)
    const segmentsOf = (text: string, metric: string) =>
      new Set([...text.matchAll(new RegExp(`^${metric}\\{[^}]*segment="([^"]+)"`, 'gm'))].map((m) => m[1]));
    let experience = new Set<string | undefined>();
    let customers = new Set<string | undefined>();
    for (let i = 0; i < 600 && experience.size === 0; i++) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      experience = segmentsOf(text, 'crm_customers_outage_experience');
      customers = segmentsOf(text, 'crm_customers');
      if (experience.size === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(experience.size).toBeGreaterThan(1);
    expect(experience.has('other')).toBe(false);
    expect([...experience].every((segment) => customers.has(segment))).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const probe = new Client({
      connectionString: `postgres://postgres:embedded@127.0.0.1:${pgPort}/postgres`,
    });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 150_000);

  it('ends a failed start of the embedded PostgreSQL with one line and exit code 1', async () => {
    const run = runDemo({ TMPDIR: '/nonexistent/tmp', PORT: '0', DEMO_WORK_ORDERS: '1000' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines.pop()).toMatch(
      /^crm-kpi-exporter: cannot create the embedded PostgreSQL's directory in \/nonexistent\/tmp: ENOENT: no such file or directory, mkdtemp '\/nonexistent\/tmp\/crm-kpi-pg-\w+'$/,
    );
    expect(lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('stops with exit code 2 naming DEMO_WORK_ORDERS when it is not a size', async () => {
    const run = runDemo({ PORT: '0', DEMO_WORK_ORDERS: '12k' });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe(
      'crm-kpi-exporter: DEMO_WORK_ORDERS: expected a whole number of at least 1000, got "12k"',
    );
  });

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      await db.admin('crm.regions').insert({ id: 'k', name: '县', parent_id: null, level: 'county' });
    });
    afterAll(() => db.close());

    it('passes straight through to the service: reads that database, seeds nothing, starts no PostgreSQL', async () => {
      const before = await db.admin.raw(ROW_COUNTS);
      const port = await freePort();
      const run = runDemo({ DATABASE_URL: db.readerUrl, PORT: String(port), LISTEN_ADDRESS: '127.0.0.1' });
      await run.waitFor(/metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
      await waitUntilReady(port);
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(body).toContain('crm_region_info{region="k",name="县",parent="",level="county"} 1');
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).not.toContain(
        'demo (embedded PostgreSQL',
      );
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).not.toMatch(/embedded|demo data/);
      expect((await db.admin.raw(ROW_COUNTS)).rows).toEqual(before.rows);
    });
  });
});
