/**
 * Counters never go down on the wire (metrics.md, v2). A seeded stream mixes the CRM's everyday
 * changes with the corrections that lower true counts — deleted work orders and outages, back-dated
 * deadlines and closures, complaints found unsubstantiated after all, stations moved to another
 * county — and after every refresh: no published counter series is lower than before, every gauge is
 * what the naive reference computes, and per family the published counters minus the published
 * holdback are exactly the true counts.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { ChangeStream, rowKey, type Change } from '../fixtures/changes';
import { prng, randomDataset } from '../fixtures/random';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { Dataset, RelationName } from '../reference/rows';
import type { SeriesMap } from '../reference/series';
import { metricCatalog } from '../../src/docs/catalog';
import { kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

const SEED = Number(process.env.MONOTONIC_SEED ?? 20261130);
const STEPS = 30;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const config = defaultConfig();
/** a bounded number of steps, each a few refreshes: generous, so a busy machine only makes it slower */
const STREAM_TIMEOUT = 10 * 60_000;
const catalog = new Map(metricCatalog().map((m) => [m.name, m]));
const metricOf = (key: string) => key.split('{')[0] as string;
const isCounter = (key: string) => catalog.get(metricOf(key))?.type === 'counter';
const familyOf = (key: string) => catalog.get(metricOf(key))?.family as string;

type Edit = {
  relation: RelationName;
  /** the row: its id, or its whole key (a connection stage) */
  id: number | string | Record<string, unknown>;
  delete?: true;
  set?: Record<string, unknown>;
};
const keyOf = (edit: Edit) => (typeof edit.id === 'object' ? edit.id : { id: edit.id });

/** Changes that lower true counts, applied to the dataset in memory and returned for the database. */
class Corrections {
  readonly made = new Map<string, number>();
  private readonly random: () => number;

  constructor(
    private readonly data: Dataset,
    seed: number,
  ) {
    this.random = prng(seed);
  }

  private pick<V>(values: V[]): V | undefined {
    return values.length ? values[Math.floor(this.random() * values.length)] : undefined;
  }

  private count(kind: string): void {
    this.made.set(kind, (this.made.get(kind) ?? 0) + 1);
  }

  readonly kinds: Record<string, (now: Date) => Edit[]> = {
    deleteWorkOrder: () => {
      const order = this.pick(this.data.work_orders);
      if (!order) return [];
      const callbacks = this.data.callbacks.filter((c) => c.work_order_id === order.id);
      this.data.callbacks = this.data.callbacks.filter((c) => c.work_order_id !== order.id);
      this.data.work_orders = this.data.work_orders.filter((w) => w !== order);
      return [
        ...callbacks.map((c) => ({ relation: 'callbacks' as const, id: c.id, delete: true as const })),
        { relation: 'work_orders', id: order.id, delete: true },
      ];
    },
    // a late order's deadline moved after its closure: it was on time after all
    extendDeadline: (now) => {
      const late = this.data.work_orders.filter(
        (w) => w.deadline_at && w.closed_at && w.closed_at > w.deadline_at && w.closed_at < now,
      );
      const order = this.pick(late);
      if (!order?.closed_at) return [];
      order.deadline_at = new Date(order.closed_at.getTime() + HOUR);
      return [{ relation: 'work_orders', id: order.id, set: { deadline_at: order.deadline_at } }];
    },
    unsubstantiate: () => {
      const complaint = this.pick(this.data.work_orders.filter((w) => w.substantiated === true));
      if (!complaint) return [];
      complaint.substantiated = false;
      return [{ relation: 'work_orders', id: complaint.id, set: { substantiated: false } }];
    },
    deleteOutage: () => {
      const outage = this.pick(this.data.outages);
      if (!outage) return [];
      this.data.outages = this.data.outages.filter((o) => o !== outage);
      return [{ relation: 'outages', id: outage.id, delete: true }];
    },
    deleteCall: () => {
      const call = this.pick(this.data.calls ?? []);
      if (!call) return [];
      this.data.calls = (this.data.calls ?? []).filter((c) => c !== call);
      return [{ relation: 'calls', id: call.id, delete: true }];
    },
    // a bill entered in arrears by mistake: it never went into arrears
    deleteBill: () => {
      const bill = this.pick(this.data.arrears ?? []);
      if (!bill) return [];
      this.data.arrears = (this.data.arrears ?? []).filter((b) => b !== bill);
      return [{ relation: 'arrears', id: bill.id, delete: true }];
    },
    // a late stage's deadline moved after its completion: it was on time after all
    extendStageDeadline: (now) => {
      const late = (this.data.connection_stages ?? []).filter(
        (st) => st.completed_at && st.completed_at > st.deadline_at && st.completed_at < now,
      );
      const stage = this.pick(late);
      if (!stage?.completed_at) return [];
      stage.deadline_at = new Date(stage.completed_at.getTime() + HOUR);
      const id = { application_id: stage.application_id, stage: stage.stage };
      return [{ relation: 'connection_stages', id, set: { deadline_at: stage.deadline_at } }];
    },
    moveStation: () => {
      const station = this.pick(this.data.regions.filter((r) => r.level === 'station'));
      const county = this.pick(
        this.data.regions.filter((r) => r.level === 'county' && r.id !== station?.parent_id),
      );
      if (!station || !county) return [];
      station.parent_id = county.id;
      return [{ relation: 'regions', id: station.id, set: { parent_id: county.id } }];
    },
  };

  step(now: Date, count: number): Edit[] {
    const edits: Edit[] = [];
    const names = Object.keys(this.kinds);
    for (let i = 0; i < count; i++) {
      const kind = this.pick(names) as string;
      const made = (this.kinds[kind] as (now: Date) => Edit[])(now);
      if (made.length) this.count(kind);
      edits.push(...made);
    }
    return edits;
  }
}

async function write(db: TestDatabase, changes: Change[], edits: Edit[]): Promise<void> {
  const table = (relation: string) => db.admin.withSchema(db.schema).table(relation);
  for (const change of changes) {
    if (change.inserted) await table(change.relation).insert(change.row);
    else await table(change.relation).where(rowKey(change)).update(change.row);
  }
  for (const edit of edits) {
    if (edit.delete) await table(edit.relation).where(keyOf(edit)).del();
    else
      await table(edit.relation)
        .where(keyOf(edit))
        .update(edit.set ?? {});
  }
}

const sumBy = (series: SeriesMap, keep: (key: string) => boolean) => {
  const sums = new Map<string, number>();
  for (const [key, value] of series)
    if (keep(key)) sums.set(familyOf(key), (sums.get(familyOf(key)) ?? 0) + value);
  return sums;
};

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe(`counters under corrections (seed ${SEED})`, () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let clock = T;
  const data = randomDataset(SEED, T, {
    sizes: {
      customers: 300,
      workOrders: 1200,
      callbacks: 400,
      outages: 300,
      connections: 200,
      calls: 150,
      bills: 100,
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    await loadDataset(db, data);
    // a full recount on every refresh: each correction reaches the counts at once
    exporter = await startExporterFor(db, config, () => clock, { full_recount_interval: 0 });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it(
    'never publishes a counter lower than before, and holds back exactly what the CRM took away',
    async () => {
      const stream = new ChangeStream(data, SEED, 20 * MINUTE);
      const corrections = new Corrections(data, SEED + 1);
      let previous: SeriesMap = new Map();
      let everHeld = 0;
      for (let step = 1; step <= STEPS; step++) {
        clock = new Date(clock.getTime() + stream.int(0, 25 * MINUTE));
        await write(db, stream.step(clock, stream.int(5, 30)), corrections.step(clock, stream.int(1, 4)));
        await exporter.refresh();
        const all = await scrapeAll(exporter);
        const published = kpiSeries(all);
        const context = `step ${step} at ${clock.toISOString()}`;

        const decreased = [...previous]
          .filter(([key, before]) => isCounter(key) && (published.get(key) ?? -Infinity) < before)
          .map(([key, before]) => `${key}: ${before} → ${published.get(key)}`);
        expect([context, ...decreased]).toEqual([context]);

        const truth = computeNaive(data, clock, config).series;
        const gauges = new Set(
          [...published.keys(), ...truth.keys()].filter(
            (key) => !isCounter(key) && metricOf(key) !== 'crm_region_info',
          ),
        );
        const wrongGauges = [...gauges]
          .filter((key) => published.get(key) !== (truth.get(key) ?? 0))
          .map((key) => `${key}: published ${published.get(key)}, true ${truth.get(key) ?? 0}`);
        expect([context, ...wrongGauges]).toEqual([context]);

        const publishedSums = sumBy(published, isCounter);
        const trueSums = sumBy(truth, isCounter);
        const unbalanced = [...publishedSums].flatMap(([family, sum]) => {
          const held = all.get(`crm_exporter_counter_holdback{family="${family}"}`) ?? NaN;
          everHeld = Math.max(everHeld, held);
          const trueSum = trueSums.get(family) ?? 0;
          return close(sum - held, trueSum)
            ? []
            : [`${family}: published ${sum} − held ${held} ≠ ${trueSum}`];
        });
        expect([context, ...unbalanced]).toEqual([context]);
        previous = published;
      }

      // the stream made every kind of correction, and they were held back and counted
      expect([...corrections.made.keys()].sort()).toEqual(Object.keys(corrections.kinds).sort());
      expect(everHeld).toBeGreaterThan(0);
      const all = await scrapeAll(exporter);
      const counted = [...all]
        .filter(([key]) => key.startsWith('crm_exporter_counter_corrections_total'))
        .reduce((sum, [, n]) => sum + n, 0);
      expect(counted).toBeGreaterThan(0);
    },
    STREAM_TIMEOUT,
  );
});
