import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';
import { kpiLines, sampleValue } from './support/exposition';
import { startFreezableProxy } from './support/freezable-proxy';

/** Waits for a condition, polling, with a deadline generous enough for a busy machine. */
async function until(condition: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  for (const end = Date.now() + deadlineMs; !(await condition());) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const unescapeHtml = (html: string) =>
  html.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

async function loadSmallData(db: TestDatabase) {
  const crm = () => db.admin.withSchema(db.schema);
  await crm()
    .table('regions')
    .insert([
      { id: 'p', name: 'P', parent_id: null, level: 'province' },
      { id: 'p.k', name: 'K', parent_id: 'p', level: 'county' },
    ]);
  await crm().table('work_orders').insert({
    id: 1,
    type: 'complaint',
    channel: 'hotline',
    region_id: 'p.k',
    segment: 'residential',
    area_class: 'urban',
    accepted_at: '2026-01-01T00:00:00Z',
    deadline_at: '2026-01-02T00:00:00Z',
  });
  await crm().table('outages').insert({
    id: 1,
    region_id: 'p.k',
    kind: 'fault',
    area_class: 'rural',
    start_at: '2026-01-01T00:00:00Z',
    affected_customers: 12,
  });
}

describe('when the database misbehaves', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const reader = () => new URL(db.readerUrl).username;
  /** sessions of the exporter's role waiting on a lock */
  const waitingOnLock = async () =>
    (
      await db.admin.raw<{ rows: { n: number }[] }>(
        `select count(*)::int as n from pg_stat_activity where usename = ? and wait_event_type = 'Lock'`,
        [reader()],
      )
    ).rows[0]?.n;

  beforeEach(async () => {
    db = await createTestDatabase();
    await loadSmallData(db);
  });
  afterEach(async () => {
    await exporter?.stop();
    await db.admin.raw('alter role ?? login', [reader()]);
    await db.close();
  });

  it('keeps serving the last good values while the database is unreachable, then recovers', async () => {
    exporter = await startTestExporter(db, { config: { statement_timeout: '5s' } });
    const good = await exporter.scrape();
    expect(
      sampleValue(
        good,
        'crm_work_order_closure_late_total{region="p.k",segment="residential",type="complaint"}',
      ),
    ).toBe(1);

    await db.admin.raw('alter role ?? nologin', [reader()]);
    await db.admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where usename = ?', [
      reader(),
    ]);
    await exporter.refresh();
    await exporter.refresh();

    const during = await exporter.scrape();
    expect(kpiLines(during)).toEqual(kpiLines(good));
    expect(sampleValue(during, 'crm_exporter_up')).toBe(0);
    const readyz = await fetch(`${exporter.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.text()).toMatch(
      /not permitted to log in|terminating connection|Connection terminated|ECONNRESET/,
    );
    expect((await fetch(`${exporter.url}/healthz`)).status).toBe(200);
    expect(
      sampleValue(during, 'crm_exporter_refresh_failures_total{family="connection"}'),
    ).toBeGreaterThanOrEqual(1);

    // retries back off while the database stays away: 30 s, 60 s, 120 s … at most 5 minutes
    const delays = [exporter.service.refresher.nextDelaySeconds()];
    for (let i = 0; i < 4; i++) {
      await exporter.refresh();
      delays.push(exporter.service.refresher.nextDelaySeconds());
    }
    expect(delays).toEqual([60, 120, 240, 300, 300]);

    await db.admin.raw('alter role ?? login', [reader()]);
    await exporter.refresh();
    expect(exporter.service.refresher.nextDelaySeconds()).toBe(30);
    const after = await exporter.scrape();
    expect(sampleValue(after, 'crm_exporter_up')).toBe(1);
    expect((await fetch(`${exporter.url}/readyz`)).status).toBe(200);
  });

  it('logs an outage once when it starts and once when it ends, not on every refresh', async () => {
    const lines: { level: number; msg: string; problems?: string[] }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    exporter = await startTestExporter(db, { log });
    await db.admin.raw('alter role ?? nologin', [reader()]);
    await db.admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where usename = ?', [
      reader(),
    ]);
    for (let i = 0; i < 6; i++) await exporter.refresh();
    await db.admin.raw('alter role ?? login', [reader()]);
    for (let i = 0; i < 3; i++) await exporter.refresh();
    const reported = lines.filter((l) => l.msg === 'refresh incomplete; keeping last good values');
    // logged when a problem starts or changes (killed connection, then refused login), never repeated
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(reported.length).toBeLessThan(6);
    const texts = reported.map((l) => JSON.stringify(l.problems));
    texts.slice(1).forEach((text, i) => expect(text).not.toBe(texts[i]));
    expect(lines.filter((l) => l.msg === 'refresh recovered')).toHaveLength(1);
  });

  it('names a missing relation, and keeps publishing every other family', async () => {
    await db.admin.raw('drop table ??.callbacks', [db.schema]);
    exporter = await startTestExporter(db);
    const body = await exporter.scrape();
    expect(sampleValue(body, 'crm_exporter_up')).toBe(0);
    expect(sampleValue(body, 'crm_exporter_refresh_failures_total{family="callbacks"}')).toBe(1);
    expect(sampleValue(body, 'crm_outage_customers_affected_total{region="p.k",kind="fault"}')).toBe(12);
    const readyz = await (await fetch(`${exporter.url}/readyz`)).text();
    expect(readyz).toMatch(/query family callbacks failed: .*relation "crm\.callbacks" does not exist/);
  });

  it('keeps the freshness of each query family apart: one unreadable relation does not age the others', async () => {
    exporter = await startTestExporter(db);
    const family = (body: string, name: string) =>
      sampleValue(body, `crm_exporter_family_last_success_timestamp_seconds{family="${name}"}`);
    const first = await exporter.scrape();
    const before = family(first, 'outages') as number;
    expect(before).toBeGreaterThan(0);
    await db.admin.raw('revoke select on ??.outages from ??', [db.schema, reader()]);
    await exporter.refresh();
    const body = await exporter.scrape();
    expect(family(body, 'outages')).toBe(before);
    // outages' rows are checked by its own query: that check ages with it
    for (const fresh of ['work_orders', 'customers', 'callbacks', 'connection_applications'])
      expect(family(body, fresh)).toBeGreaterThan(before);
    // the last complete refresh is still the first one
    const lastComplete = 'crm_exporter_last_refresh_success_timestamp_seconds';
    expect(sampleValue(body, lastComplete)).toBe(sampleValue(first, lastComplete));
    const readyz = await fetch(`${exporter.url}/readyz`);
    expect(readyz.status).toBe(503);
    const text = await readyz.text();
    expect(text).toMatch(/query family outages failed: permission denied for table outages/);
    expect(text).toMatch(
      /^fresh query families: customers, work_orders, customer_work_orders, callbacks, outages, connection_applications, calls, connection_stages, arrears, arrears_ageing, outage_customers, invalid_outage_customers$/m,
    );
    // stale only once three refresh intervals have passed since its last success
    expect(text).toMatch(/^stale query families: none$/m);
    // just past three refresh intervals after outages' last success: the later successes are younger
    const later = before * 1000 + 3 * 30_000 + 1;
    const { fresh, stale } = exporter.service.refresher.familyFreshness(later);
    expect(fresh).toEqual([
      'customers',
      'work_orders',
      'customer_work_orders',
      'callbacks',
      'connection_applications',
      'calls',
      'connection_stages',
      'arrears',
      'arrears_ageing',
      // read every experience_interval: fresh for three of those
      'outage_customers',
      'invalid_outage_customers',
    ]);
    expect(stale.map(([name]) => name)).toEqual(['outages']);
  });

  it('publishes every family from the start, at 0 until it first succeeds', async () => {
    await db.admin.raw('revoke select on ??.callbacks from ??', [db.schema, reader()]);
    exporter = await startTestExporter(db);
    const body = await exporter.scrape();
    expect(sampleValue(body, 'crm_exporter_family_last_success_timestamp_seconds{family="callbacks"}')).toBe(
      0,
    );
    expect(body.match(/^crm_exporter_family_last_success_timestamp_seconds\{/gm)).toHaveLength(12);
    const landing = unescapeHtml(await (await fetch(`${exporter.url}/`)).text());
    expect(landing).toMatch(/stale query families: callbacks \(no success yet\)(?!, )/);
  });

  it.each([
    [
      'a missing column',
      async () => db.admin.raw('alter table ??.work_orders drop column needs_visit', [db.schema]),
      {},
      /column wo\.needs_visit does not exist/,
    ],
    [
      'a missing schema',
      async () => undefined,
      { schema: 'crm_nowhere' },
      /relation "crm_nowhere\.regions" does not exist/,
    ],
  ])(
    'says exactly what is wrong on /readyz and the landing page: %s',
    async (_case, breakIt, config, message) => {
      await breakIt();
      exporter = await startTestExporter(db, { config });
      const readyz = await fetch(`${exporter.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.text()).toMatch(message);
      expect(unescapeHtml(await (await fetch(`${exporter.url}/`)).text())).toMatch(message);
      expect((await fetch(`${exporter.url}/healthz`)).status).toBe(200);
    },
  );

  it.each([
    [
      'a wrong password',
      (url: URL) => (url.password = 'not-the-password'),
      /password authentication failed for user/,
    ],
    ['an unknown host', (url: URL) => (url.hostname = 'crm-db.invalid'), /getaddrinfo \w+ crm-db\.invalid/],
  ])('stays up with %s, says so, and never prints the password', async (_case, breakUrl, message) => {
    const url = new URL(db.readerUrl);
    breakUrl(url);
    exporter = await startTestExporter({ ...db, readerUrl: url.toString() });
    const readyz = await (await fetch(`${exporter.url}/readyz`)).text();
    expect(readyz).toMatch(message);
    const landing = unescapeHtml(await (await fetch(`${exporter.url}/`)).text());
    expect(landing).toMatch(message);
    for (const page of [readyz, landing, await exporter.scrape()]) expect(page).not.toContain(url.password);
    expect(landing).toContain(`postgresql://${url.username}@${url.host}`);
  });

  it('abandons a query that outlives the statement timeout and counts the failure', async () => {
    // a view a deployment wrote badly: each row costs 1.5 s
    await db.admin.raw('alter table ??.outages rename to outages_base', [db.schema]);
    await db.admin.raw(
      'create view ??.outages as select b.*, pg_sleep(1.5) is null as slow from ??.outages_base b',
      [db.schema, db.schema],
    );
    await db.admin.raw('grant select on ??.outages to ??', [db.schema, reader()]);
    exporter = await startTestExporter(db, { config: { statement_timeout: '1s' } });
    const body = await exporter.scrape();
    expect(sampleValue(body, 'crm_exporter_refresh_failures_total{family="outages"}')).toBe(1);
    expect(
      sampleValue(
        body,
        'crm_work_orders_accepted_total{region="p.k",segment="residential",type="complaint"}',
      ),
    ).toBe(1);
    expect(await (await fetch(`${exporter.url}/readyz`)).text()).toMatch(
      /outages failed: canceling statement due to statement timeout/,
    );
  });

  it('abandons a stuck refresh after refresh_timeout, terminates its session, keeps the values', async () => {
    exporter = await startTestExporter(db, { config: { statement_timeout: '60s', refresh_timeout: '2s' } });
    const good = await exporter.scrape();
    await db.admin.raw('alter table ??.regions rename to regions_base', [db.schema]);
    await db.admin.raw(
      'create view ??.regions as select b.* from ??.regions_base b where pg_sleep(30) is not null',
      [db.schema, db.schema],
    );
    await db.admin.raw('grant select on ??.regions to ??', [db.schema, reader()]);
    await exporter.refresh();
    const body = await exporter.scrape();
    // the refresh and then the outage-experience reading (regions too): each abandoned once
    expect(sampleValue(body, 'crm_exporter_refresh_failures_total{family="timeout"}')).toBe(2);
    expect(kpiLines(body)).toEqual(kpiLines(good));
    expect(await (await fetch(`${exporter.url}/readyz`)).text()).toMatch(
      /refresh abandoned after refresh_timeout \(2 s\)/,
    );
    const sleeping = await db.admin.raw(
      `select count(*)::int as n from pg_stat_activity where usename = ? and query like '%regions%' and state = 'active'`,
      [reader()],
    );
    expect(sleeping.rows[0].n).toBe(0);
    const sessions = await db.admin.raw(`select count(*)::int as n from pg_stat_activity where usename = ?`, [
      reader(),
    ]);
    expect(sessions.rows[0].n).toBeLessThanOrEqual(2); // pool_max
  });

  it('stops within seconds while a refresh waits on a lock: its session is terminated', async () => {
    // without the termination the stop would wait for the lock as long as these allow: a day
    exporter = await startTestExporter(db, { config: { statement_timeout: '1d', refresh_timeout: '1d' } });
    const holder = await db.admin.transaction();
    try {
      await holder.raw('lock table ??.work_orders in access exclusive mode', [db.schema]);
      const refreshing = exporter.refresh();
      await until(async () => (await waitingOnLock()) === 1);
      await exporter.stop(); // while the lock is still held
      expect(await waitingOnLock()).toBe(0);
      await refreshing;
    } finally {
      await holder.rollback();
    }
  });

  it('never runs two refresh transactions at once, and says what became of a frozen session', async () => {
    const proxy = await startFreezableProxy(db.readerUrl);
    const holder = await db.admin.transaction();
    try {
      // the refresh's own transactions only: the outage-experience reading runs beside it by design
      exporter = await startTestExporter(
        { ...db, readerUrl: proxy.url },
        { config: { refresh_timeout: '1s', statement_timeout: '1d' }, experience: false },
      );
      const problems = () => exporter.service.refresher.status.problems.join('; ');
      // a refresh in the middle of its transaction (waiting on a lock), when network and database freeze
      await holder.raw('lock table ??.work_orders in access exclusive mode', [db.schema]);
      const refreshing = exporter.refresh();
      await until(async () => (await waitingOnLock()) === 1);
      proxy.freeze();
      await refreshing;
      // the terminate call cannot reach the database either: not "terminated"
      expect(problems()).toBe(
        'refresh abandoned after refresh_timeout (1 s); its database session could not be terminated (no answer within 3 s)',
      );
      await exporter.refresh();
      expect(problems()).toMatch(
        /^the refresh abandoned at \S+ is still running on the database; no new refresh starts until it ends/,
      );
      await holder.rollback();
      proxy.thaw();
      let most = 0;
      let refreshing2 = true;
      const watching = (async () => {
        while (refreshing2) {
          const { rows } = await db.admin.raw<{ rows: { n: number }[] }>(
            // refresh transactions: the terminate call, a statement of its own, is not one
            `select count(*)::int as n from pg_stat_activity
             where usename = ? and xact_start is not null and query not like '%pg_terminate_backend%'`,
            [reader()],
          );
          most = Math.max(most, rows[0]?.n ?? 0);
        }
      })();
      await until(async () => {
        await exporter.refresh();
        return problems() === '';
      });
      refreshing2 = false;
      await watching;
      expect(sampleValue(await exporter.scrape(), 'crm_exporter_up')).toBe(1);
      expect(most).toBeLessThanOrEqual(1);
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
      proxy.thaw();
      await proxy.close();
    }
  });

  it('flags a role that could write, and not a SELECT-only one', async () => {
    exporter = await startTestExporter(db);
    expect(sampleValue(await exporter.scrape(), 'crm_exporter_database_role_can_write')).toBe(0);
    await exporter.stop();
    exporter = await startTestExporter({ ...db, readerUrl: db.url });
    expect(sampleValue(await exporter.scrape(), 'crm_exporter_database_role_can_write')).toBe(1);
  });

  it('flags write privileges behind the views and for tables created later', async () => {
    const role = reader();
    // the CRM's own table in another schema, which a contract view would read
    await db.admin.raw('create schema crm_core; create table crm_core.orders (id int)');
    await db.admin.raw('grant usage on schema crm_core to ??; grant insert on crm_core.orders to ??', [
      role,
      role,
    ]);
    exporter = await startTestExporter(db);
    expect(sampleValue(await exporter.scrape(), 'crm_exporter_database_role_can_write')).toBe(1);
    expect(exporter.service.refresher.status.roleWrites).toEqual(['crm_core.orders']);
    await exporter.stop();

    await db.admin.raw('revoke insert on crm_core.orders from ??', [role]);
    await db.admin.raw('alter default privileges in schema ?? grant update on tables to ??', [
      db.schema,
      role,
    ]);
    exporter = await startTestExporter(db);
    expect(sampleValue(await exporter.scrape(), 'crm_exporter_database_role_can_write')).toBe(1);
    const owner = new URL(db.url).username;
    expect(exporter.service.refresher.status.roleWrites).toEqual([
      `default privileges of ${owner} in schema ${db.schema}`,
    ]);
    const landing = unescapeHtml(await (await fetch(`${exporter.url}/`)).text());
    expect(landing).toContain(`default privileges of ${owner} in schema ${db.schema}`);
    expect(landing).toContain('not visible: SECURITY DEFINER functions');
    await db.admin.raw('alter default privileges in schema ?? revoke update on tables from ??', [
      db.schema,
      role,
    ]);
    await db.admin.raw('drop schema crm_core cascade');
  });

  it('never writes: every query runs in a read-only transaction', async () => {
    exporter = await startTestExporter({ ...db, readerUrl: db.url });
    const attempt = exporter.service.db
      .transaction((trx) => trx.raw('select 1'), { readOnly: true })
      .then(() =>
        exporter.service.db.raw(
          `insert into ${db.schema}.regions (id, name, level) values ('x', 'x', 'county')`,
        ),
      );
    await expect(attempt).rejects.toThrow(/read-only transaction/);
  });
});
