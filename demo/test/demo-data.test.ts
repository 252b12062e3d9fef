import { seedDemo, type SeedSummary } from '../src/data';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import { contractViolations } from './contract-checks';

const ANCHOR = new Date('2026-03-18T09:00:00Z'); // a Wednesday, mid-morning in China
const WORK_ORDERS = 20_000;
const NANLING = 'ah.wuhu.nanling';
const YUEXI = 'ah.anqing.yuexi';

describe('demo data', () => {
  let db: TestDatabase;
  let summary: SeedSummary;
  let schemaObjects: Record<string, unknown>;
  const objectsQuery = `select (select count(*) from pg_indexes where schemaname = 'crm') as indexes,
      (select count(*) from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'crm') as constraints`;
  const query = async (sql: string, bindings: Record<string, unknown> = {}) =>
    (
      await db.admin.raw<{ rows: Record<string, string | number | null>[] }>(sql, {
        anchor: ANCHOR,
        ...bindings,
      })
    ).rows;
  const num = (value: unknown) => Number(value);

  beforeAll(async () => {
    db = await createTestDatabase();
    schemaObjects = (await db.admin.raw(objectsQuery)).rows[0];
    summary = await seedDemo(db.admin, { schema: db.schema, workOrders: WORK_ORDERS, anchor: ANCHOR });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the requested volume, with everything else in proportion', async () => {
    expect(summary.workOrders).toBe(WORK_ORDERS);
    expect(summary.customers).toBe(16_000);
    const [counts] = await query(
      `select (select count(*) from crm.work_orders) as wo, (select count(*) from crm.customers) as cu,
              (select count(*) from crm.callbacks) as cb, (select count(*) from crm.outages) as ou,
              (select count(*) from crm.connection_applications) as ca`,
    );
    expect(num(counts!.wo)).toBe(WORK_ORDERS);
    expect(num(counts!.cu)).toBe(summary.customers);
    expect(num(counts!.cb)).toBe(summary.callbacks);
    expect(num(counts!.ou)).toBe(summary.outages);
    expect(num(counts!.ca)).toBe(summary.connectionApplications);
    expect(summary.callbacks).toBeGreaterThan(WORK_ORDERS * 0.15);
  });

  it('leaves every index and constraint of the migrated schema in place', async () => {
    expect(num(schemaObjects.indexes)).toBeGreaterThan(20);
    expect((await db.admin.raw(objectsQuery)).rows[0]).toEqual(schemaObjects);
  });

  it('obeys the source contract at the anchor', async () => {
    expect(await contractViolations(db.admin, db.schema, ANCHOR)).toEqual({});
  });

  it('has one province, 3–4 cities, 12–20 counties, 40–80 stations and 2–4 grids each, with Chinese names', async () => {
    const levels = Object.fromEntries(
      (await query('select level, count(*) as n from crm.regions group by level')).map((r) => [
        r.level,
        num(r.n),
      ]),
    );
    expect(levels.province).toBe(1);
    expect(levels.city).toBeGreaterThanOrEqual(3);
    expect(levels.city).toBeLessThanOrEqual(4);
    expect(levels.county).toBeGreaterThanOrEqual(12);
    expect(levels.county).toBeLessThanOrEqual(20);
    expect(levels.station).toBeGreaterThanOrEqual(40);
    expect(levels.station).toBeLessThanOrEqual(80);
    expect(levels.grid).toBeGreaterThanOrEqual(2 * levels.station);
    expect(levels.grid).toBeLessThanOrEqual(4 * levels.station);
    const [grid] = await query(
      `select name from crm.regions where parent_id = 'ah.wuhu.nanling.s01' order by id limit 1`,
    );
    expect(grid!.name).toMatch(/^[\u4e00-\u9fff]+一网格$/);
    const names = await query(
      `select id, name from crm.regions where name !~ '^[\\u4e00-\\u9fff]+$' or id !~ '^[a-z0-9.]+$'`,
    );
    expect(names).toEqual([]);
    const [station] = await query(`select name from crm.regions where id = 'ah.wuhu.nanling.s01'`);
    expect(station!.name).toMatch(/供电所$/);
  });

  it('spans 2–3 years ending at the anchor, with busier days than nights and weekdays than weekends', async () => {
    const [span] = await query(
      `select extract(epoch from max(accepted_at) - min(accepted_at)) / 86400 / 365 as years,
              extract(epoch from :anchor::timestamptz - max(accepted_at)) as gap from crm.work_orders`,
    );
    expect(num(span!.years)).toBeGreaterThan(2);
    expect(num(span!.years)).toBeLessThan(3);
    expect(num(span!.gap)).toBeLessThan(3600);
    const [pattern] = await query(
      `select avg((h between 9 and 11)::int) / avg((h between 2 and 4)::int) as day_night,
              avg((d between 1 and 5)::int) / 5 / (avg((d in (0, 6))::int) / 2) as weekday_weekend
         from (select extract(hour from accepted_at at time zone 'Asia/Shanghai') as h,
                      extract(dow from accepted_at at time zone 'Asia/Shanghai') as d from crm.work_orders) x`,
    );
    expect(num(pattern!.day_night)).toBeGreaterThan(8);
    expect(num(pattern!.weekday_weekend)).toBeGreaterThan(1.25);
  });

  it('has realistic shares of types, channels, segments and anonymous callers', async () => {
    const share = async (column: string, table = 'work_orders'): Promise<Record<string, number>> =>
      Object.fromEntries(
        (
          await query(
            `select ${column} as k, count(*)::float / sum(count(*)) over () as s from crm.${table} group by 1`,
          )
        ).map((r) => [r.k, num(r.s)]),
      );
    const types = await share('type');
    expect(Object.keys(types).sort()).toEqual([
      'complaint',
      'consultation',
      'opinion',
      'praise',
      'repair',
      'report',
      'service_request',
      'suggestion',
      'urge',
    ]);
    expect(types.consultation).toBeGreaterThan(0.35);
    expect(Math.max(...Object.values(types))).toBe(types.consultation);
    expect(types.repair).toBeGreaterThan(0.2);
    expect(types.complaint).toBeGreaterThan(0.02);
    expect(types.complaint).toBeLessThan(0.06);
    const channels = await share('channel');
    expect(Object.keys(channels).sort()).toEqual(['app', 'counter', 'hotline', 'online', 'wechat']);
    const segments = await share('segment', 'customers');
    // kpis.md "Segments": at most 7 groups of comparable size
    expect(Object.keys(segments).length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(segments).length).toBeLessThanOrEqual(7);
    for (const share of Object.values(segments)) {
      expect(share).toBeGreaterThan(0.05);
      expect(share).toBeLessThan(0.45);
    }
    const orderSegments = await share('segment');
    expect(orderSegments.unknown).toBeGreaterThan(0.05);
    expect(orderSegments.unknown).toBeLessThan(0.1);
    const [levels] = await query(
      `select avg((r.level in ('station', 'grid'))::int) as station, avg((r.level = 'county')::int) as county, avg((r.level = 'city')::int) as city
         from crm.work_orders w join crm.regions r on r.id = w.region_id`,
    );
    expect(num(levels!.station)).toBeGreaterThan(0.75);
    expect(num(levels!.county)).toBeGreaterThan(0.05);
    expect(num(levels!.city)).toBeGreaterThan(0);
    expect(num(levels!.city)).toBeLessThan(0.06);
  });

  it('has few sensitive customers, some closed accounts, cancellations, returns and repeat/substantiated complaints', async () => {
    const [c] = await query(
      `select avg((sensitivity >= 3)::int) as sensitive, avg((sensitivity > 0)::int) as starred,
              avg((closed_at is not null)::int) as closed from crm.customers`,
    );
    expect(num(c!.sensitive)).toBeGreaterThan(0);
    expect(num(c!.sensitive)).toBeLessThan(0.02);
    expect(num(c!.starred)).toBeGreaterThan(num(c!.sensitive) * 3);
    expect(num(c!.closed)).toBeGreaterThan(0.01);
    expect(num(c!.closed)).toBeLessThan(0.06);
    const [w] = await query(
      `select avg((cancelled_at is not null)::int) as cancelled, avg((returned_count > 0)::int) as returned,
              avg(is_repeat::int) filter (where type = 'complaint') as repeat,
              avg(substantiated::int) filter (where type = 'complaint' and closed_at is not null) as substantiated,
              avg(needs_visit::int) filter (where type = 'repair') as visits
         from crm.work_orders`,
    );
    expect(num(w!.cancelled)).toBeGreaterThan(0.01);
    expect(num(w!.cancelled)).toBeLessThan(0.05);
    expect(num(w!.returned)).toBeGreaterThan(0.01);
    expect(num(w!.returned)).toBeLessThan(0.08);
    expect(num(w!.repeat)).toBeGreaterThan(0.04);
    expect(num(w!.repeat)).toBeLessThan(0.25);
    expect(num(w!.substantiated)).toBeGreaterThan(0.1);
    expect(num(w!.substantiated)).toBeLessThan(0.5);
    expect(num(w!.visits)).toBeGreaterThan(0.75);
    expect(num(w!.visits)).toBeLessThan(0.97);
    const [cb] = await query(
      `select avg(reached::int) as reached, avg((satisfaction = 'dissatisfied')::int) filter (where reached) as unhappy,
              avg((satisfaction = 'satisfied')::int) filter (where reached) as happy from crm.callbacks`,
    );
    expect(num(cb!.reached)).toBeGreaterThan(0.75);
    expect(num(cb!.reached)).toBeLessThan(0.85);
    expect(num(cb!.happy)).toBeGreaterThan(0.7);
    expect(num(cb!.unhappy)).toBeLessThan(0.15);
  });

  it('keeps repairs mostly within the 45/90/120 min and 3/4/4 h limits', async () => {
    const rows = await query(
      `select area_class,
              avg((arrived_at <= accepted_at + limits.arrival)::int) as arrival_on_time,
              avg((restored_at <= arrived_at + limits.restoration)::int) filter (where restored_at is not null) as restoration_on_time
         from crm.work_orders
         join (values ('urban', interval '45 min', interval '3 h'), ('rural', interval '90 min', interval '4 h'),
                      ('remote', interval '120 min', interval '4 h')) as limits(area, arrival, restoration) on limits.area = area_class
        where type = 'repair' and arrived_at is not null and region_id not like :bad1 and region_id not like :bad2
        group by area_class`,
      { bad1: `${NANLING}%`, bad2: `${YUEXI}%` },
    );
    expect(rows.map((r) => r.area_class).sort()).toEqual(['remote', 'rural', 'urban']);
    for (const row of rows) {
      expect(num(row.arrival_on_time)).toBeGreaterThan(0.9);
      expect(num(row.restoration_on_time)).toBeGreaterThan(0.9);
    }
  });

  it('makes 南陵 and 岳西 measurably worse than the rest', async () => {
    const [w] = await query(
      `with o as (select *, case when region_id like :nanling then 'nanling' when region_id like :yuexi then 'yuexi' else 'rest' end as place
                    from crm.work_orders)
       select
         avg((closed_at > deadline_at)::int) filter (where place = 'nanling' and closed_at is not null) as nanling_late,
         avg((closed_at > deadline_at)::int) filter (where place = 'rest' and closed_at is not null) as rest_late,
         avg((type = 'complaint')::int) filter (where place = 'nanling') as nanling_complaints,
         avg((type = 'complaint')::int) filter (where place = 'rest') as rest_complaints,
         avg((arrived_at > accepted_at + case area_class when 'urban' then interval '45 min' when 'rural' then interval '90 min' else interval '120 min' end)::int)
           filter (where place = 'yuexi' and arrived_at is not null) as yuexi_arrival_late,
         avg((arrived_at > accepted_at + case area_class when 'urban' then interval '45 min' when 'rural' then interval '90 min' else interval '120 min' end)::int)
           filter (where place = 'rest' and arrived_at is not null) as rest_arrival_late
       from o`,
      { nanling: `${NANLING}%`, yuexi: `${YUEXI}%` },
    );
    expect(num(w!.nanling_late)).toBeGreaterThan(0.25);
    expect(num(w!.rest_late)).toBeLessThan(0.05);
    expect(num(w!.nanling_complaints)).toBeGreaterThan(1.5 * num(w!.rest_complaints));
    expect(num(w!.yuexi_arrival_late)).toBeGreaterThan(0.35);
    expect(num(w!.rest_arrival_late)).toBeLessThan(0.08);
    const [o] = await query(
      `select avg((info_reported_at > start_at + interval '15 min')::int) filter (where region_id like :yuexi) as yuexi,
              avg((info_reported_at > start_at + interval '15 min')::int) filter (where region_id not like :yuexi) as rest
         from crm.outages where kind = 'fault' and info_reported_at is not null`,
      { yuexi: `${YUEXI}%` },
    );
    expect(num(o!.yuexi)).toBeGreaterThan(2 * num(o!.rest));
  });

  it('is in clear breach right now in the bad counties only', async () => {
    const overdue = async (sql: string) =>
      Object.fromEntries(
        (
          await query(
            `select case when region_id like :nanling then 'nanling' when region_id like :yuexi then 'yuexi' else 'rest' end as place,
                    count(*) as n from crm.${sql} group by 1`,
            { nanling: `${NANLING}%`, yuexi: `${YUEXI}%` },
          )
        ).map((r) => [r.place, num(r.n)]),
      );
    const openLate = await overdue(
      `work_orders where deadline_at < :anchor and closed_at is null and cancelled_at is null and accepted_at > :anchor::timestamptz - interval '30 days'`,
    );
    expect(openLate.nanling).toBeGreaterThanOrEqual(8);
    expect(openLate.nanling).toBeGreaterThan(2 * (openLate.rest ?? 0));
    const arrivals = await overdue(
      `work_orders where type = 'repair' and needs_visit and arrived_at is null and cancelled_at is null
         and accepted_at + case area_class when 'urban' then interval '45 min' when 'rural' then interval '90 min' else interval '120 min' end < :anchor`,
    );
    expect(arrivals.yuexi).toBeGreaterThanOrEqual(6);
    expect(arrivals.rest ?? 0).toBeLessThanOrEqual(2);
    const reports = await overdue(
      `outages where kind = 'fault' and info_reported_at is null and start_at + interval '15 min' < :anchor and cancelled_at is null`,
    );
    expect(reports.yuexi).toBeGreaterThanOrEqual(1);
    expect(reports.rest ?? 0).toBe(0);
  });

  // last: it changes the data
  it('has contract checks that do catch a broken row', async () => {
    await db.admin.raw(
      `update crm.work_orders set cancelled_at = closed_at where id = (select min(id) from crm.work_orders where closed_at is not null)`,
    );
    await db.admin.raw(
      `update crm.callbacks set satisfaction = 'satisfied' where id = (select min(id) from crm.callbacks where not reached)`,
    );
    expect(await contractViolations(db.admin, db.schema, ANCHOR)).toEqual({
      'work order both closed and cancelled': 1,
      'satisfaction without reaching the customer': 1,
    });
  });
});
