/**
 * What must hold across refreshes of one exporter process: a published series never vanishes (a gauge
 * drops to 0 when its rows are gone, a counter never goes down), and a segment kept under the cap
 * stays kept. The changes here
 * are far older than any settle window, so the exporter recounts in full on every refresh
 * (full_recount_interval 0); incremental.test.ts covers changes inside the window.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T, customer } from '../fixtures/builders';
import { labelCapsFixture } from '../fixtures/label-caps';
import { outagesFixture } from '../fixtures/outages';
import { randomDataset } from '../fixtures/random';
import { workOrdersFixture } from '../fixtures/work-orders';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { Dataset } from '../reference/rows';
import { afterHoldback, seriesKey } from '../reference/series';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

const ALWAYS_RECOUNT = { full_recount_interval: 0 };

/** Σ of a metric's series. */
const total = (series: Map<string, number>, metric: string) =>
  [...series].filter(([key]) => key.split('{')[0] === metric).reduce((sum, [, value]) => sum + value, 0);

describe('series stay published after their rows are gone', () => {
  const rows: Dataset = { ...workOrdersFixture.rows, outages: outagesFixture.rows.outages };
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, rows);
    exporter = await startExporterFor(db, defaultConfig(), T, ALWAYS_RECOUNT);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('keeps every series, counters held and gauges at 0 where nothing is left, the rest exact', async () => {
    const before = kpiSeries(await scrapeAll(exporter));
    expect(
      before.get(seriesKey('crm_complaints_repeat_total', { region: 'p.a.x', segment: 'residential' })),
    ).toBe(2);

    // the city's work order, every complaint and every fault outage disappear from the CRM
    const table = (name: string) => db.admin.withSchema(db.schema).table(name);
    await table('work_orders').where({ region_id: 'p.b' }).orWhere({ type: 'complaint' }).del();
    await table('outages').where({ kind: 'fault' }).del();
    await exporter.refresh();

    const remaining: Dataset = {
      ...rows,
      work_orders: rows.work_orders.filter((w) => w.region_id !== 'p.b' && w.type !== 'complaint'),
      outages: rows.outages.filter((o) => o.kind !== 'fault'),
    };
    const truth = computeNaive(remaining, T, defaultConfig()).series;
    const vanished = [...before.keys()].filter((key) => !truth.has(key));
    expect(vanished.length).toBeGreaterThan(40); // the deletions removed whole label combinations
    const all = await scrapeAll(exporter);
    expect(differences(kpiSeries(all), afterHoldback(before, truth))).toEqual([]);
    // what the counters hold back is what the deletions took away
    const heldBack = (family: string) => all.get(seriesKey('crm_exporter_counter_holdback', { family }));
    expect(heldBack('work_orders')).toBe(
      ['crm_work_orders_accepted_total', 'crm_work_orders_closed_total', 'crm_work_orders_cancelled_total']
        .concat(['crm_work_orders_closed_returned_total'])
        .reduce((sum, metric) => sum + total(before, metric) - total(truth, metric), 0),
    );
  });
});

describe('rows that arrive or change after a refresh', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const full = randomDataset(4242, T, {
    sizes: { customers: 300, workOrders: 1200, callbacks: 400, outages: 300, connections: 300 },
  });
  // the first refresh sees every customer, only the first 70 % of the other relations and none of the
  // closures below
  const firstPart = <Row>(rows: Row[]) => rows.slice(0, Math.floor(rows.length * 0.7));
  const lateClosed = full.work_orders.filter(
    (w, i) => i % 5 === 0 && w.closed_at !== null && w.closed_at <= T,
  );
  const initial: Dataset = {
    regions: full.regions,
    customers: full.customers,
    work_orders: firstPart(full.work_orders).map((w) =>
      lateClosed.includes(w) ? { ...w, closed_at: null } : w,
    ),
    callbacks: [],
    outages: firstPart(full.outages),
    connection_applications: firstPart(full.connection_applications),
    calls: firstPart(full.calls ?? []),
    arrears: firstPart(full.arrears ?? []),
  };
  // the stages of the applications loaded first
  const loadedApplications = new Set(initial.connection_applications.map((a) => a.id));
  initial.connection_stages = (full.connection_stages ?? []).filter((s) =>
    loadedApplications.has(s.application_id),
  );

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, initial);
    exporter = await startExporterFor(db, defaultConfig(), T, ALWAYS_RECOUNT);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('counts late-arriving rows and late-recorded closures, whatever their timestamps', async () => {
    const before = kpiSeries(await scrapeAll(exporter));
    expect(differences(before, computeNaive(initial, T, defaultConfig()).series)).toEqual([]);

    const rest = <Row>(all: Row[], loaded: Row[]) => all.slice(loaded.length);
    await loadDataset(db, {
      regions: [],
      customers: rest(full.customers, initial.customers),
      work_orders: rest(full.work_orders, initial.work_orders),
      callbacks: full.callbacks,
      outages: rest(full.outages, initial.outages),
      connection_applications: rest(full.connection_applications, initial.connection_applications),
      calls: rest(full.calls ?? [], initial.calls ?? []),
      arrears: rest(full.arrears ?? [], initial.arrears ?? []),
      connection_stages: (full.connection_stages ?? []).filter(
        (s) => !loadedApplications.has(s.application_id),
      ),
      outage_customers: full.outage_customers,
    });
    for (const order of lateClosed) {
      await db.admin
        .withSchema(db.schema)
        .table('work_orders')
        .where({ id: order.id })
        .update({ closed_at: order.closed_at });
    }
    await exporter.refresh();

    // a closure recorded late can make an order that was late on time after all: its late count holds
    const expected = afterHoldback(before, computeNaive(full, T, defaultConfig()).series);
    expect(lateClosed.length).toBeGreaterThan(50);
    expect(differences(kpiSeries(await scrapeAll(exporter)), expected)).toEqual([]);
  });
});

describe('label caps across refreshes', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const config = labelCapsFixture.config ?? defaultConfig();
  const customers = (segment: string) => seriesKey('crm_customers', { region: 'p.a.x', segment });

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, labelCapsFixture.rows);
    exporter = await startExporterFor(db, config, T, ALWAYS_RECOUNT);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('counts folded values in crm_exporter_label_overflow_total', async () => {
    const all = await scrapeAll(exporter);
    expect(all.get(seriesKey('crm_exporter_label_overflow_total', { label: 'segment' }))).toBeGreaterThan(0);
    expect(all.get(seriesKey('crm_exporter_label_overflow_total', { label: 'channel' }))).toBeGreaterThan(0);
    expect(all.get(seriesKey('crm_exporter_label_overflow_total', { label: 'queue' }))).toBe(1); // general
  });

  it('keeps a kept segment kept when a folded one becomes the most frequent', async () => {
    // 12 new industrial accounts: industrial (now 13 rows) outnumbers residential (8) and commercial (6)
    const newcomers = Array.from({ length: 12 }, (_, i) => customer({ id: 100 + i, segment: 'industrial' }));
    await db.admin.withSchema(db.schema).table('customers').insert(newcomers);
    await exporter.refresh();
    const published = kpiSeries(await scrapeAll(exporter));
    expect(published.get(customers('residential'))).toBe(5);
    expect(published.get(customers('commercial'))).toBe(4);
    expect(published.get(customers('other'))).toBe(13);
    expect(published.has(customers('industrial'))).toBe(false);
  });
});
