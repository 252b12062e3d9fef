import { DEFAULT_SEED, seedDemo, startDemoTicker } from '../src/data';
import { planWorkOrder } from '../src/data/work-orders';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import { contractViolations } from './contract-checks';

const HOUR = 3_600_000;

interface Snapshot {
  work_orders: number;
  max_work_order: number;
  closed: number;
  arrived: number;
  callbacks: number;
  outages: number;
  outage_events: number;
  connections: number;
  connection_events: number;
  calls: number;
  call_events: number;
  arrears: number;
  settled: number;
  stages: number;
  stages_completed: number;
  outage_customers: number;
  latest: Date;
}

async function snapshot(db: TestDatabase): Promise<Snapshot> {
  const { rows } = await db.admin.raw<{ rows: Record<string, string | Date>[] }>(
    `select (select count(*) from crm.work_orders) as work_orders,
            (select max(id) from crm.work_orders) as max_work_order,
            (select count(closed_at) + count(cancelled_at) from crm.work_orders) as closed,
            (select count(arrived_at) + count(restored_at) from crm.work_orders) as arrived,
            (select count(*) from crm.callbacks) as callbacks,
            (select count(*) from crm.outages) as outages,
            (select count(end_at) + count(info_reported_at) + count(restore_reported_at) + count(info_valid) + count(notified_at) from crm.outages) as outage_events,
            (select count(*) from crm.connection_applications) as connections,
            (select count(completed_at) + count(cancelled_at) from crm.connection_applications) as connection_events,
            (select count(*) from crm.calls) as calls,
            (select count(answered_at) + count(abandoned_at) + count(called_back_at) from crm.calls) as call_events,
            (select count(*) from crm.arrears) as arrears,
            (select count(settled_at) from crm.arrears) as settled,
            (select count(*) from crm.connection_stages) as stages,
            (select count(completed_at) from crm.connection_stages) as stages_completed,
            (select count(*) from crm.outage_customers) as outage_customers,
            (select max(greatest(accepted_at, closed_at, cancelled_at, arrived_at, restored_at)) from crm.work_orders) as latest`,
  );
  const row = rows[0]!;
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v : Number(v)]),
  ) as unknown as Snapshot;
}

describe('demo ticker', () => {
  let db: TestDatabase;
  let seeded: Snapshot;
  let anchor: Date;

  beforeAll(async () => {
    db = await createTestDatabase();
    // the data ends a day ago, so the first tick has a day of planned events (closures, callbacks…) to catch up on
    anchor = new Date(Math.floor(Date.now() / HOUR) * HOUR - 26 * HOUR);
    await seedDemo(db.admin, { schema: db.schema, workOrders: 20_000, anchor });
    seeded = await snapshot(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('moves the data along, tick after tick, within the contract, and stops cleanly', async () => {
    const ticks: Record<string, unknown>[] = [];
    const failures: unknown[] = [];
    const ticker = startDemoTicker(db.admin, {
      schema: db.schema,
      intervalMs: 150,
      warmUpMs: 5000,
      rates: {
        workOrdersPerSecond: 80,
        faultsPerSecond: 5,
        scheduledOutagesPerSecond: 2,
        connectionsPerSecond: 5,
        callsPerSecond: 40,
        billsPerSecond: 40,
      },
      log: (msg, fields) =>
        msg === 'demo tick' ? ticks.push(fields ?? {}) : failures.push({ msg, ...fields }),
    });
    const deadline = Date.now() + 20_000;
    while (ticks.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await ticker.stop();
    expect(failures).toEqual([]);
    expect(ticks.length).toBeGreaterThanOrEqual(10);

    const after = await snapshot(db);
    expect(after.work_orders).toBeGreaterThan(seeded.work_orders);
    expect(after.max_work_order).toBeGreaterThan(seeded.max_work_order);
    expect(after.closed).toBeGreaterThan(seeded.closed); // the day since the anchor caught up
    expect(after.arrived).toBeGreaterThan(seeded.arrived);
    expect(after.callbacks).toBeGreaterThan(seeded.callbacks);
    expect(after.outages).toBeGreaterThan(seeded.outages);
    expect(after.outage_events).toBeGreaterThan(seeded.outage_events);
    expect(after.connections).toBeGreaterThan(seeded.connections);
    expect(after.calls).toBeGreaterThan(seeded.calls);
    expect(after.call_events).toBeGreaterThan(seeded.call_events);
    expect(after.arrears).toBeGreaterThan(seeded.arrears);
    expect(after.settled).toBeGreaterThan(seeded.settled); // the day since the anchor caught up
    expect(after.stages).toBeGreaterThan(seeded.stages);
    expect(after.stages_completed).toBeGreaterThan(seeded.stages_completed);
    expect(after.outage_customers).toBeGreaterThan(seeded.outage_customers);
    const { rows } = await db.admin.raw<{ rows: { now: Date }[] }>('select now() as now');
    expect(after.latest.getTime()).toBeLessThanOrEqual(rows[0]!.now.getTime());
    expect(await contractViolations(db.admin, db.schema, rows[0]!.now)).toEqual({});

    // stopped means stopped: nothing changes afterwards
    await new Promise((r) => setTimeout(r, 400));
    expect(await snapshot(db)).toEqual(after);
  });

  it('sends 岳西 and 南陵 far more than their share of the new orders, so late events keep coming there', async () => {
    const { rows } = await db.admin.raw<{ rows: { bad: string; customers: string; total: string }[] }>(
      `select (select count(*) from crm.work_orders where id > ? and (region_id like 'ah.anqing.yuexi%' or region_id like 'ah.wuhu.nanling%')) as bad,
              (select count(*) from crm.work_orders where id > ?) as total,
              (select avg((region_id like 'ah.anqing.yuexi%' or region_id like 'ah.wuhu.nanling%')::int) from crm.customers) as customers`,
      [seeded.max_work_order, seeded.max_work_order],
    );
    const { bad, total, customers } = rows[0]!;
    expect(Number(total)).toBeGreaterThan(60);
    // together ~10% of the accounts, but an extra 20% of the new orders go there
    expect(Number(bad) / Number(total)).toBeGreaterThan(1.8 * Number(customers));
  });

  it('moves the orders the seed left open along the same plans the seed used', async () => {
    const { rows } = await db.admin.raw<{
      rows: {
        id: string;
        type: 'repair';
        region_id: string;
        area_class: 'urban';
        accepted_at: Date;
        deadline_at: Date | null;
        arrived_at: Date | null;
        closed_at: Date | null;
      }[];
    }>(
      `select id, type, region_id, area_class, accepted_at, deadline_at, arrived_at, closed_at from crm.work_orders
        where accepted_at <= ? and (arrived_at > ? or closed_at > ?)`,
      [anchor, anchor, anchor],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const plan = planWorkOrder(DEFAULT_SEED, {
        ...row,
        id: Number(row.id),
        accepted_at: row.accepted_at.getTime(),
        deadline_at: row.deadline_at?.getTime() ?? null,
      });
      if (row.arrived_at && row.arrived_at > anchor) expect(row.arrived_at.getTime()).toBe(plan.arriveAt);
      if (row.closed_at && row.closed_at > anchor) expect(row.closed_at.getTime()).toBe(plan.closeAt);
    }
  });
});
