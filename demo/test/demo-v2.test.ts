import { seedDemo } from '../src/data';
import { columnsOf, OPTIONAL_RELATIONS, RELATIONS } from '@service-kpi-monitor/exporter/contract';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';

const ANCHOR = new Date('2026-03-18T09:00:00Z');
const WORK_ORDERS = 20_000;
const BREACH = { nanling: 'ah.wuhu.nanling', yuexi: 'ah.anqing.yuexi' } as const;

/**
 * The v2 picture of the demo, as properties of the seeded database (crm-schema.md, kpis.md v2): every
 * v2 relation and column filled, realistic shares, and the two counties in breach worse than the
 * province on every v2 KPI, computed by SQL that follows the contract's definitions.
 */
describe('demo data, contract v2', () => {
  let db: TestDatabase;
  const query = async (sql: string) =>
    (await db.admin.raw<{ rows: Record<string, unknown>[] }>(sql, { anchor: ANCHOR })).rows;
  const one = async (sql: string) => (await query(sql))[0]!;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.admin, { schema: db.schema, workOrders: WORK_ORDERS, anchor: ANCHOR });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('fills every v2 relation and every value of every v2 column', async () => {
    for (const relation of OPTIONAL_RELATIONS) {
      const row = await one(`select count(*)::int as n from crm.${relation}`);
      expect([relation, Number(row.n) > 100]).toEqual([relation, true]);
    }
    for (const relation of RELATIONS) {
      for (const [column, c] of columnsOf(relation).filter(([, c]) => c.optional)) {
        const values = (
          await query(
            `select distinct ${column} is null as missing, ${c.type === 'boolean' ? column : 'null'} as flag from crm.${relation}`,
          )
        ).map((r) => `${String(r.missing)}/${String(r.flag)}`);
        // a boolean column takes both values, a nullable one both null and non-null
        const expected =
          c.type === 'boolean'
            ? c.nullable
              ? ['false/false', 'false/true', 'true/null']
              : ['false/false', 'false/true']
            : c.nullable
              ? ['false/null', 'true/null']
              : ['false/null'];
        expect([relation, column, values.sort()]).toEqual([relation, column, expected]);
      }
    }
    const kinds = (await query(`select distinct kind from crm.outages order by 1`)).map((r) => r.kind);
    expect(kinds).toEqual(['arrears', 'breach', 'fault', 'load_shedding', 'planned', 'temporary']);
    const grades = (await query(`select distinct credit_grade from crm.customers order by 1`)).map(
      (r) => r.credit_grade,
    );
    expect(grades).toEqual(['A', 'B', 'C', 'D', null]);
  });

  it('has credit grades with A most and D few, a few % vulnerable households and segments of comparable size', async () => {
    const c = await one(`select avg((credit_grade = 'A')::int) as a, avg((credit_grade = 'D')::int) as d,
        avg((credit_grade is null)::int) as ungraded, avg(vulnerable::int) as vulnerable from crm.customers`);
    expect(Number(c.a)).toBeGreaterThan(0.4);
    expect(Number(c.d)).toBeLessThan(0.08);
    expect(Number(c.d)).toBeGreaterThan(0.01);
    expect(Number(c.ungraded)).toBeGreaterThan(0.05);
    expect(Number(c.ungraded)).toBeLessThan(0.3);
    expect(Number(c.vulnerable)).toBeGreaterThan(0.02);
    expect(Number(c.vulnerable)).toBeLessThan(0.1);
    const segments = await query(
      `select segment, count(*)::float / sum(count(*)) over () as share from crm.customers group by 1`,
    );
    expect(segments.length).toBeLessThanOrEqual(7);
    for (const s of segments)
      expect([s.segment, Number(s.share) > 0.05 && Number(s.share) < 0.45]).toEqual([s.segment, true]);
  });

  it('has calls whose service level dips at peak hours, abandoned calls mostly called back within 24 h', async () => {
    const sl = await one(`select
        avg((answered_at <= offered_at + interval '20 s')::int) filter (where answered_at is not null or abandoned_at > offered_at + interval '20 s') as overall,
        avg((answered_at <= offered_at + interval '20 s')::int) filter (where (answered_at is not null or abandoned_at > offered_at + interval '20 s') and extract(hour from offered_at at time zone 'Asia/Shanghai') in (9, 10, 15)) as peak,
        avg((answered_at <= offered_at + interval '20 s')::int) filter (where (answered_at is not null or abandoned_at > offered_at + interval '20 s') and extract(hour from offered_at at time zone 'Asia/Shanghai') between 1 and 5) as night,
        avg((abandoned_at is not null)::int) as abandoned, count(distinct queue) as queues from crm.calls`);
    expect(Number(sl.overall)).toBeGreaterThan(0.7);
    expect(Number(sl.overall)).toBeLessThan(0.92);
    expect(Number(sl.peak)).toBeLessThan(Number(sl.night) - 0.15);
    expect(Number(sl.abandoned)).toBeGreaterThan(0.03);
    expect(Number(sl.abandoned)).toBeLessThan(0.2);
    expect(Number(sl.queues)).toBeGreaterThanOrEqual(3);
    const cb = await one(`select avg((called_back_at <= abandoned_at + interval '24 h')::int) as within,
        avg((called_back_at > abandoned_at + interval '24 h')::int) as late, avg((called_back_at is null)::int) as never
        from crm.calls where abandoned_at < :anchor::timestamptz - interval '5 days'`);
    expect(Number(cb.within)).toBeGreaterThan(0.6);
    expect(Number(cb.late)).toBeGreaterThan(0.03);
    expect(Number(cb.never)).toBeGreaterThan(0.01);
  });

  it('has arrears mostly settled within days, with a tail past 60 and 90 days that is low-credit customers', async () => {
    const a = await one(`select avg((settled_at <= due_at + interval '7 days')::int) as days,
        count(*) filter (where coalesce(settled_at, :anchor) > due_at + interval '60 days' and due_at < :anchor::timestamptz - interval '60 days') as over60,
        count(*) filter (where settled_at is null and due_at < :anchor::timestamptz - interval '90 days') as over90_now,
        avg((c.credit_grade in ('C', 'D'))::int) filter (where coalesce(settled_at, :anchor) > due_at + interval '60 days') as low_credit_tail
        from crm.arrears a join crm.customers c on c.id = a.customer_id`);
    expect(Number(a.days)).toBeGreaterThan(0.4);
    expect(Number(a.over60)).toBeGreaterThan(20);
    expect(Number(a.over90_now)).toBeGreaterThan(5);
    expect(Number(a.low_credit_tail)).toBeGreaterThan(0.7);
  });

  it('cuts some customers off 3+ times a year, most of them rural or remote; connection stages in order, some late', async () => {
    const f =
      await one(`with n as (select oc.customer_id, count(*) as outages from crm.outage_customers oc join crm.outages o on o.id = oc.outage_id
          where o.start_at > :anchor::timestamptz - interval '365 days' and o.start_at <= :anchor group by 1)
        select avg((coalesce(n.outages, 0) >= 3)::int) as frequent, avg((c.area_class <> 'urban')::int) filter (where n.outages >= 3) as outlying
        from crm.customers c left join n on n.customer_id = c.id where c.closed_at is null`);
    expect(Number(f.frequent)).toBeGreaterThan(0.04);
    expect(Number(f.frequent)).toBeLessThan(0.25);
    expect(Number(f.outlying)).toBeGreaterThan(0.8);
    const s =
      await one(`select count(distinct st.application_id) filter (where a.customer_class like 'hv%' and a.completed_at is not null) as hv_done,
        count(*) filter (where a.customer_class like 'hv%' and a.completed_at is not null) as hv_stages,
        avg((coalesce(st.completed_at, :anchor) > st.deadline_at)::int) as late from crm.connection_stages st join crm.connection_applications a on a.id = st.application_id`);
    expect(Number(s.hv_stages)).toBe(5 * Number(s.hv_done));
    expect(Number(s.late)).toBeGreaterThan(0.03);
    expect(Number(s.late)).toBeLessThan(0.4);
  });

  it('makes 南陵 and 岳西 worse than the province on every v2 KPI', async () => {
    // each KPI as (place, value) with place = nanling, yuexi or the whole province; higher is worse
    const place = (column: string) =>
      `case when ${column} like '${BREACH.nanling}%' then 'nanling' when ${column} like '${BREACH.yuexi}%' then 'yuexi' end`;
    // each KPI as one value per row (per item), averaged by place and over the province
    const kpis: Record<string, string> = {
      long_outages: `select ${place('region_id')} as place, (coalesce(end_at, :anchor) - start_at > interval '4 h')::int as x
        from crm.outages where start_at <= :anchor and (cancelled_at is null or cancelled_at > start_at)`,
      frequent_outage_customers: `select ${place('c.region_id')} as place, (coalesce(n.k, 0) >= 3)::int as x from crm.customers c
        left join (select oc.customer_id, count(*) as k from crm.outage_customers oc join crm.outages o on o.id = oc.outage_id
                   where o.start_at > :anchor::timestamptz - interval '365 days' and o.start_at <= :anchor group by 1) n on n.customer_id = c.id
        where c.closed_at is null`,
      late_remediation: `select ${place('region_id')} as place, (coalesce(remediated_at, :anchor) > remediation_due_at)::int as x
        from crm.work_orders where remediation_due_at < :anchor or remediated_at is not null`,
      missing_proactive_repairs: `select ${place('region_id')} as place, 1 - proactive::int as x from crm.work_orders where type = 'repair'`,
      calls_answered_late: `select ${place('region_id')} as place, (coalesce(answered_at, abandoned_at) > offered_at + interval '20 s')::int as x
        from crm.calls where answered_at is not null or abandoned_at > offered_at + interval '20 s'`,
      missed_calls_called_back_late: `select ${place('region_id')} as place, (coalesce(called_back_at, :anchor) > abandoned_at + interval '24 h')::int as x
        from crm.calls where abandoned_at < :anchor::timestamptz - interval '24 h'`,
      arrears_over_60_days_per_customer: `select ${place('c.region_id')} as place,
        (select count(*) from crm.arrears a where a.customer_id = c.id and a.due_at < :anchor::timestamptz - interval '60 days' and a.settled_at is null) as x
        from crm.customers c where c.closed_at is null`,
      low_credit_share: `select ${place('region_id')} as place, (credit_grade in ('C', 'D'))::int as x from crm.customers`,
      late_connection_stages: `select ${place('a.region_id')} as place, (coalesce(st.completed_at, :anchor) > st.deadline_at)::int as x
        from crm.connection_stages st join crm.connection_applications a on a.id = st.application_id where st.deadline_at < :anchor`,
      invalid_restoration_reports: `select ${place('region_id')} as place, (not restore_info_valid)::int as x from crm.outages where restore_info_valid is not null`,
      churn: `select ${place('region_id')} as place, (closed_at is not null)::int as x from crm.customers`,
    };
    const worse: Record<string, unknown> = {};
    const measured: Record<string, unknown> = {};
    for (const [kpi, sql] of Object.entries(kpis)) {
      const rows = await query(
        `select case when grouping(place) = 1 then 'province' else place end as place, avg(x) as v
           from (${sql}) t group by grouping sets ((place), ())`,
      );
      const value = (p: string) => Number(rows.find((r) => r.place === p)?.v);
      measured[kpi] = [value('nanling'), value('yuexi'), value('province')];
      worse[kpi] = {
        nanling: value('nanling') > value('province'),
        yuexi: value('yuexi') > value('province'),
      };
    }
    const all = Object.fromEntries(Object.keys(kpis).map((k) => [k, { nanling: true, yuexi: true }]));
    expect([worse, measured]).toEqual([all, measured]);
  });
});
