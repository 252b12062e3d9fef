/**
 * The arrears gauges are signed terms: a bill is added when due_at + over passes and taken off when it
 * is settled (only if settled after that). The arrears fixture's bills sit on each boundary at t, so an
 * exporter refreshed incrementally a second before, at and after t must publish what the naive
 * reference computes at each instant, and the hand-counted bills over 0, 30 and 90 days.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { arrearsFixture } from '../fixtures/arrears';
import { T } from '../fixtures/builders';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import { pick, seriesKey } from '../reference/series';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

const config = defaultConfig();
const at = (seconds: number) => new Date(T.getTime() + seconds * 1000);
const grade = (over: string) =>
  seriesKey('crm_arrears_bills', { region: 'p.a.x', segment: 'residential', credit_grade: 'A', over });

/** Grade A bills in arrears by hand, per second from t − 1 s (the bills are described in the fixture). */
const BY_HAND: [seconds: number, over0d: number, over30d: number, over90d: number][] = [
  // B5 (settled at t) still in; B3 not yet 30 days + 1 s over; B5 exactly 90 days, not over
  [-1, 6, 4, 1],
  // B5 settled; B3 over 30 days; B12 exactly 90 days, not over
  [0, 5, 4, 1],
  // B7 (due at t) in; B6 settled; B2 over 30 days; B12 over 90 days
  [1, 5, 4, 1],
  // B8 (due at t + 1 s) in
  [2, 6, 4, 1],
];

describe('arrears gauges at the instants around each boundary', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let clock = at(-1);

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, arrearsFixture.rows);
    exporter = await startExporterFor(db, config, () => clock, { full_recount_interval: '30d' });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it.each(BY_HAND)(
    'at t + (%d) s publishes the reference and the hand counts',
    async (seconds, ...counts) => {
      clock = at(seconds);
      await exporter.refresh();
      const all = await scrapeAll(exporter);
      const published = pick(kpiSeries(all), { prefixes: ['crm_arrears_'] });
      const expected = pick(computeNaive(arrearsFixture.rows, clock, config).series, {
        prefixes: ['crm_arrears_'],
      });
      expect(differences(published, expected)).toEqual([]);
      expect(['0d', '30d', '90d'].map((over) => published.get(grade(over)))).toEqual(counts);
      // read incrementally: only the first refresh recounted
      expect(all.get('crm_exporter_full_recounts_total{family="arrears_ageing"}')).toBe(1);
    },
  );
});
