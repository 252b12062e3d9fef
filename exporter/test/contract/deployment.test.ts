/**
 * What differs at a real utility: the contract relations are views over other tables, the server's
 * time zone has daylight saving time, and t is the database's own now(). The published series must
 * still equal the naive reference's.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import { randomDataset, type RandomSizes } from '../fixtures/random';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import { RELATION_LOAD_ORDER, type OutageRow } from '../reference/rows';
import { seriesKey } from '../reference/series';
import { outage } from '../fixtures/builders';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

const SMALL: RandomSizes = {
  customers: 200,
  workOrders: 800,
  callbacks: 300,
  outages: 300,
  connections: 200,
};
const config = defaultConfig();

async function publishedAndExpected(
  db: TestDatabase,
  t: Date,
  seed: number,
  options: { overrides?: Record<string, unknown>; extraOutages?: OutageRow[] } = {},
) {
  const data = randomDataset(seed, t, { sizes: SMALL });
  data.outages.push(...(options.extraOutages ?? []));
  await loadDataset(db, data);
  const exporter = await startExporterFor(db, config, t, options.overrides);
  try {
    return {
      published: kpiSeries(await scrapeAll(exporter)),
      expected: computeNaive(data, t, config).series,
    };
  } finally {
    await exporter.stop();
  }
}

describe('deployment differences', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('reads views in their own schema, with no access to the tables behind them', async () => {
    db = await createTestDatabase({ schema: 'crm_base' });
    const reader = decodeURIComponent(new URL(db.readerUrl).username);
    await db.admin.raw('create schema crm_views');
    for (const relation of RELATION_LOAD_ORDER) {
      await db.admin.raw('create view crm_views.?? as select * from crm_base.??', [relation, relation]);
    }
    await db.admin.raw('grant usage on schema crm_views to ??', [reader]);
    await db.admin.raw('grant select on all tables in schema crm_views to ??', [reader]);
    await db.admin.raw('revoke all on all tables in schema crm_base from ??', [reader]);
    await db.admin.raw('revoke all on schema crm_base from ??', [reader]);

    const t = new Date('2026-03-01T12:00:00Z');
    const { published, expected } = await publishedAndExpected(db, t, 101, {
      overrides: { schema: 'crm_views' },
    });
    expect(differences(published, expected)).toEqual([]);
  });

  it('computes limits in exact seconds when the server time zone changes to summer time', async () => {
    db = await createTestDatabase();
    const database = new URL(db.url).pathname.slice(1);
    await db.admin.raw("alter database ?? set timezone to 'Europe/Berlin'", [database]);
    // Berlin moved its clocks forward at 01:00 UTC on 29 March 2026: the data spans the change
    const t = new Date('2026-03-29T09:00:00Z');
    const start = new Date('2026-03-29T03:00:00Z');
    // notified 7 days (604800 s) + 30 min before the start: late. Subtracting 7 calendar days in
    // Berlin time would move the deadline an hour later and call it on time.
    const notified = new Date(start.getTime() - 7 * 86400_000 + 30 * 60_000);
    const extraOutages = [
      outage({ id: 100_000, kind: 'planned', region_id: 'r.c1.k1', start_at: start, notified_at: notified }),
    ];
    const { published, expected } = await publishedAndExpected(db, t, 102, { extraOutages });
    const late = seriesKey('crm_outage_notice_late_total', { region: 'r.c1.k1', kind: 'planned' });
    expect(expected.get(late)).toBeGreaterThan(0);
    expect(differences(published, expected)).toEqual([]);
  });

  it("evaluates at the database's now() when no time is fixed", async () => {
    db = await createTestDatabase();
    const around = new Date(Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000);
    const data = randomDataset(103, around, { sizes: SMALL });
    await loadDataset(db, data);
    const before = new Date();
    const exporter = await startExporterFor(db, config, undefined);
    const after = new Date();
    try {
      const published = kpiSeries(await scrapeAll(exporter));
      // t lies between `before` and `after`; no row changes state inside that instant but by chance
      const atBefore = differences(published, computeNaive(data, before, config).series);
      const atAfter = differences(published, computeNaive(data, after, config).series);
      expect(atBefore.length === 0 || atAfter.length === 0 ? [] : atBefore).toEqual([]);
    } finally {
      await exporter.stop();
    }
  });
});
