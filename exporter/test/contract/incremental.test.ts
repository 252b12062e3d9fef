/**
 * Incremental refresh equals a full recount. One exporter reads only the rows of the last settle
 * window on every refresh; a second one recounts everything every time (full_recount_interval 0).
 * Both follow the same clock through a seeded random stream of inserts and updates, and after every
 * step both must publish exactly what the naive reference computes from the same rows.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { ChangeStream, rowKey, type Change } from '../fixtures/changes';
import { randomDataset } from '../fixtures/random';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import { afterHoldback, type SeriesMap } from '../reference/series';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

// INCREMENTAL_SEED=<n> replays another stream (a failure prints the seed and the step)
const SEED = Number(process.env.INCREMENTAL_SEED ?? 20261123);
const STEPS = 40;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SETTLE_WINDOW = 60 * MINUTE;
/** changes carry timestamps up to this much before the clock: late, but inside the settle window */
const LATE_BY = 40 * MINUTE;

const config = defaultConfig();
/** a bounded number of steps, each a few refreshes: generous, so a busy machine only makes it slower */
const STREAM_TIMEOUT = 10 * 60_000;
const selfSeries = (all: SeriesMap, prefix: string) =>
  new Map([...all].filter(([key]) => key.startsWith(prefix)));

async function write(db: TestDatabase, changes: Change[]): Promise<void> {
  for (const change of changes) {
    const table = db.admin.withSchema(db.schema).table(change.relation);
    if (change.inserted) await table.insert(change.row);
    else await table.where(rowKey(change)).update(change.row);
  }
}

describe(`incremental refresh against a full recount (seed ${SEED})`, () => {
  let db: TestDatabase;
  let incremental: TestExporter;
  let everyTimeFull: TestExporter;
  let clock = T;
  const data = randomDataset(SEED, T, {
    sizes: {
      customers: 300,
      workOrders: 1200,
      callbacks: 400,
      outages: 300,
      connections: 300,
      calls: 150,
      bills: 100,
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    await loadDataset(db, data);
    const now = () => clock;
    incremental = await startExporterFor(db, config, now, {
      settle_window: SETTLE_WINDOW / 1000,
      full_recount_interval: '30d',
    });
    everyTimeFull = await startExporterFor(db, config, now, { full_recount_interval: 0 });
  });
  afterAll(async () => {
    await incremental?.stop();
    await everyTimeFull?.stop();
    await db?.close();
  });

  it(
    'publishes after every step what a full recount and the naive reference publish',
    async () => {
      const stream = new ChangeStream(data, SEED, LATE_BY);
      // a closure or report recorded late can lower a true count; both exporters hold the counter
      let expected = kpiSeries(await scrapeAll(everyTimeFull));
      for (let step = 1; step <= STEPS; step++) {
        // up to 25 minutes between refreshes: deadlines pass, rows leave the window while others enter it
        clock = new Date(clock.getTime() + stream.int(0, 25 * MINUTE));
        await write(db, stream.step(clock, stream.int(5, 40)));
        await incremental.refresh();
        await everyTimeFull.refresh();
        const fromIncremental = await scrapeAll(incremental);
        const fromFull = await scrapeAll(everyTimeFull);
        const context = `step ${step} at ${clock.toISOString()}`;
        expect([context, ...differences(kpiSeries(fromIncremental), kpiSeries(fromFull))]).toEqual([context]);
        expected = afterHoldback(expected, computeNaive(data, clock, config).series);
        expect([context, ...differences(kpiSeries(fromIncremental), expected)]).toEqual([context]);
        const invalid = 'crm_exporter_invalid_rows';
        expect(selfSeries(fromIncremental, invalid)).toEqual(selfSeries(fromFull, invalid));
      }

      // the stream made every kind of change, and the bad rows were counted as they came
      expect([...stream.made.keys()].sort()).toEqual(Object.keys(stream.kinds).sort());
      const all = await scrapeAll(incremental);
      const badTypes = all.get('crm_exporter_invalid_rows{reason="unknown_type",relation="work_orders"}');
      expect(badTypes).toBe(stream.made.get('badWorkOrder'));
      // and the incremental exporter never recounted after its first refresh, nor found drift
      const recounts = selfSeries(all, 'crm_exporter_full_recounts_total');
      expect(recounts.size).toBe(10); // one query per source, the first of each relation checking its rows
      expect([...recounts.values()].every((n) => n === 1)).toBe(true);
      const drift = selfSeries(all, 'crm_exporter_incremental_drift_total');
      expect(drift.size).toBeGreaterThan(0); // every part starts at 0
      expect([...drift.values()].every((n) => n === 0)).toBe(true);
    },
    STREAM_TIMEOUT,
  );
});

describe('the periodic full recount', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let clock = T;
  const data = randomDataset(SEED + 1, T, {
    sizes: { customers: 300, workOrders: 600, callbacks: 200, outages: 100, connections: 100 },
  });
  /** what was published before the last tick, to hold counters against */
  let before: SeriesMap = new Map();
  let published: SeriesMap = new Map();
  const tick = async (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    await exporter.refresh();
    const all = await scrapeAll(exporter);
    [before, published] = [published, kpiSeries(all)];
    return all;
  };
  /** what the naive reference says now, counters held at what was published before */
  const expectedNow = () => afterHoldback(before, computeNaive(data, clock, config).series);
  const total = (all: SeriesMap, prefix: string) =>
    [...selfSeries(all, prefix).values()].reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, data);
    exporter = await startExporterFor(db, config, () => clock, {
      settle_window: '1h',
      full_recount_interval: '2h',
    });
    published = kpiSeries(await scrapeAll(exporter));
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it(
    'finds an edit the settle window could not see, counts it as drift and corrects it',
    async () => {
      // an account opened years ago is graded sensitive today: no timestamp of the row moves
      const account = data.customers.find(
        (c) =>
          c.closed_at === null &&
          c.opened_at.getTime() < T.getTime() - DAY &&
          c.sensitivity === 0 &&
          // no work order of its would become a sensitive customer's one
          !data.work_orders.some((w) => w.customer_id === c.id),
      );
      if (!account) throw new Error('the data set has no old, active, non-sensitive account');
      account.sensitivity = 5;
      await db.admin
        .withSchema(db.schema)
        .table('customers')
        .where({ id: account.id })
        .update({ sensitivity: 5 });

      const stale = await tick(1);
      const wrong = differences(kpiSeries(stale), expectedNow());
      // the account's region now has one more sensitive account, and one more with 5 stars
      expect(wrong).toHaveLength(2);
      expect(wrong.filter((line) => /^wrong {3}crm_customers_sensitive\{/.test(line))).toHaveLength(1);
      expect(wrong.filter((line) => /crm_customers_by_stars\{.*stars="5"/.test(line))).toHaveLength(1);

      // past full_recount_interval, one query is recounted per refresh, the oldest first
      let all = await tick(120);
      for (let refresh = 1; refresh < 19; refresh++) all = await tick(1);
      expect(differences(kpiSeries(all), expectedNow())).toEqual([]);
      expect(all.get('crm_exporter_incremental_drift_total{family="customers"}')).toBe(1);
      expect(all.get('crm_exporter_incremental_drift_total{family="customers_by_stars"}')).toBe(1);
      expect(total(all, 'crm_exporter_incremental_drift_total')).toBe(2);
      const recounts = selfSeries(all, 'crm_exporter_full_recounts_total');
      expect([...recounts.values()].every((n) => n === 2)).toBe(true);
    },
    STREAM_TIMEOUT,
  );

  it('recounts everything when the region tree changes, without calling it drift', async () => {
    // a station moves to another county: every row under it changes label
    const station = data.regions.find((r) => r.id === 'r.c1.k1.s1');
    if (!station) throw new Error('station r.c1.k1.s1 missing');
    station.parent_id = 'r.c2.k1';
    await db.admin
      .withSchema(db.schema)
      .table('regions')
      .where({ id: station.id })
      .update({ parent_id: 'r.c2.k1' });

    const all = await tick(1);
    expect(differences(kpiSeries(all), expectedNow())).toEqual([]);
    expect([...selfSeries(all, 'crm_exporter_full_recounts_total').values()].every((n) => n === 3)).toBe(
      true,
    );
    expect(total(all, 'crm_exporter_incremental_drift_total')).toBe(2);
  });
});
