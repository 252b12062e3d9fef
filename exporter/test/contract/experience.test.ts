/**
 * The outage-experience gauges across their edges and on their own schedule: the fixture's rows read
 * at instants around the window's start and the long-outage limit (hand-computed, and the naive
 * reference), through a view that lists one customer twice for the same outage and rows naming no
 * outage or no customer; a regular refresh while they are not due leaves them as they were and sends
 * the database no query of theirs; a reading of them that fails keeps their last values and says so.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { DAY_MINUTES, T, group, m } from '../fixtures/builders';
import { experienceRows } from '../fixtures/experience';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { Dataset } from '../reference/rows';
import { afterHoldback, pick, type SeriesMap } from '../reference/series';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

const families = { names: ['crm_customers_outage_experience', 'crm_customers_long_outage'] };
const res = { region: 'p.a.x', segment: 'residential' };
const com = { region: 'p.a.x', segment: 'commercial' };
const pb = { region: 'p.b', segment: 'residential' };

/** The county-level series at one instant: per label combination its 1 / 2 / 3+ counts and long ones. */
function expected(rows: [Record<string, string>, Record<string, number>, number][]): SeriesMap {
  return new Map(
    rows.flatMap(([labels, counts, long]) => [
      ...Object.entries(counts).flatMap(([outages, n]) =>
        group({ ...labels, outages }, { crm_customers_outage_experience: n }),
      ),
      ...group(labels, { crm_customers_long_outage: long }),
    ]),
  );
}

/** Worked out by hand from the fixture's comments; a combination once published stays, at 0. */
const INSTANTS: [string, number, SeriesMap][] = [
  [
    't',
    0,
    expected([
      [res, { '1': 1, '2': 2 }, 1], // C2 (outage 4) | C1, C8 | C2
      [com, { '3+': 1 }, 1], // C3
      [pb, { '1': 1 }, 1], // C7, listed twice for outage 10
    ]),
  ],
  [
    't + 1 min: outage 4 leaves the window, outage 9 starts, outage 6 passes 4 h',
    1,
    expected([
      [res, { '1': 1, '2': 2 }, 0], // C4 | C1, C8 | none: C2 has no outage left
      [com, { '3+': 1 }, 1],
      [pb, { '1': 1 }, 1],
    ]),
  ],
  [
    't + 61 min: outage 11 (still going on) passes 4 h; outage 10 ended after 6 h',
    61,
    expected([
      [res, { '1': 1, '2': 2 }, 1], // C4 | C1, C8 | C8
      [com, { '3+': 1 }, 1],
      [pb, { '1': 1 }, 1],
    ]),
  ],
  [
    't + 1 day: customer 6 opens, outage 9 has gone on for a day',
    DAY_MINUTES,
    expected([
      [res, { '1': 2, '2': 2 }, 2], // C4, C6 | C1, C8 | C4, C8
      [com, { '3+': 1 }, 1],
      [pb, { '1': 1 }, 1],
    ]),
  ],
];

const histogramCount = (text: string, family: string) =>
  Number(
    new RegExp(`^crm_exporter_refresh_duration_seconds_count\\{family="${family}"\\} (\\d+)`, 'm').exec(
      text,
    )?.[1] ?? 0,
  );

describe('outage experience across the window and the long-outage limit', () => {
  const config = defaultConfig();
  let db: TestDatabase;
  let exporter: TestExporter;
  let now = T;
  // what the view shows: customer 7 twice for outage 10, and two rows naming nothing known
  const shown: Dataset = {
    ...experienceRows,
    outage_customers: [
      ...(experienceRows.outage_customers ?? []),
      { outage_id: 10, customer_id: 7 },
      { outage_id: 999, customer_id: 1 },
      { outage_id: 1, customer_id: 999 },
    ],
  };

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    await loadDataset(db, { ...experienceRows, outage_customers: [] });
    const base = `${db.schema}.outage_customers_list`;
    await db.admin.raw(`alter table ??.outage_customers rename to outage_customers_list`, [db.schema]);
    await db.admin.batchInsert(base, [
      ...(experienceRows.outage_customers ?? []),
      { outage_id: 999, customer_id: 1 },
      { outage_id: 1, customer_id: 999 },
    ]);
    await db.admin.raw(
      `create view ??.outage_customers as select * from ?? union all select * from ?? where customer_id = 7`,
      [db.schema, base, base],
    );
    await db.admin.raw(`grant select on ??.outage_customers to public`, [db.schema]);
    exporter = await startExporterFor(db, config, () => now);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('publishes the hand-computed values at each instant, as the naive reference does', async () => {
    let previous: SeriesMap = new Map();
    for (const [, minutes, values] of INSTANTS) {
      now = m(minutes);
      await exporter.refresh();
      const published = pick(kpiSeries(await scrapeAll(exporter)), families);
      expect([minutes, differences(published, values)]).toEqual([minutes, []]);
      const truth = pick(computeNaive(shown, now, config).series, families);
      expect([minutes, differences(published, afterHoldback(previous, truth))]).toEqual([minutes, []]);
      previous = published;
    }
  });

  it('counts the rows that name no outage or no customer', async () => {
    const all = await scrapeAll(exporter);
    const invalid = (reason: string) =>
      all.get(`crm_exporter_invalid_rows{reason="${reason}",relation="outage_customers"}`);
    expect([invalid('unknown_outage_id'), invalid('unknown_customer_id')]).toEqual([1, 1]);
    expect(computeNaive(shown, now, config).skipped.outage_customers).toBe(2);
  });
});

describe('the outage-experience schedule', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, experienceRows);
    exporter = await startExporterFor(db, defaultConfig(), T, { experience_interval: '10m' });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('says how often each query family is read', async () => {
    const all = await scrapeAll(exporter);
    const interval = (family: string) =>
      all.get(`crm_exporter_family_refresh_interval_seconds{family="${family}"}`);
    expect([interval('outage_customers'), interval('invalid_outage_customers')]).toEqual([600, 600]);
    expect([interval('work_orders'), interval('outages')]).toEqual([30, 30]);
    expect(
      all.get('crm_exporter_family_last_success_timestamp_seconds{family="outage_customers"}'),
    ).toBeGreaterThan(0);
    expect(exporter.service.refresher.familyFreshness().stale).toEqual([]);
  });

  it('leaves the gauges as they were on a refresh while they are not due, without a query', async () => {
    const series = 'crm_customers_outage_experience{outages="1",region="p.b",segment="residential"}';
    expect((await scrapeAll(exporter)).get(series)).toBe(1);
    await db.admin.withSchema(db.schema).table('outage_customers').where({ customer_id: 7 }).del();
    const sent: string[] = [];
    const record = (query: { sql: string }) => sent.push(query.sql);
    exporter.service.db.on('query', record);
    try {
      const runsBefore = histogramCount(await exporter.scrape(), 'outage_customers');
      await exporter.service.refresher.refresh();
      const text = await exporter.scrape();
      expect(sent.length).toBeGreaterThan(5); // the refresh did read the database
      expect(sent.filter((sql) => sql.includes('"outage_customers"'))).toEqual([]);
      expect(histogramCount(text, 'outage_customers')).toBe(runsBefore);
      expect((await scrapeAll(exporter)).get(series)).toBe(1);

      await exporter.service.refresher.refreshExperience();
      expect(sent.filter((sql) => sql.includes('"outage_customers"')).length).toBe(2);
      expect(histogramCount(await exporter.scrape(), 'outage_customers')).toBe(runsBefore + 1);
      expect((await scrapeAll(exporter)).get(series)).toBe(0);
    } finally {
      exporter.service.db.off('query', record);
    }
  });
});

describe('an outage-experience reading that fails', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, experienceRows);
    exporter = await startExporterFor(db, defaultConfig(), T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('keeps the last values, counts the failure, says so on /readyz, and leaves the refresh alone', async () => {
    const series = 'crm_customers_outage_experience{outages="3+",region="p.a.x",segment="commercial"}';
    const failures = 'crm_exporter_refresh_failures_total{family="outage_customers"}';
    const before = await scrapeAll(exporter);
    expect([before.get(series), before.get(failures), before.get('crm_exporter_up')]).toEqual([1, 0, 1]);
    // a view over the list that fails on every row it reads, as a broken CRM view would
    await db.admin.raw('alter table ??.outage_customers rename to outage_customers_list', [db.schema]);
    await db.admin.raw(
      'create view ??.outage_customers as select * from ??.outage_customers_list where 1 / (customer_id - customer_id) = 0',
      [db.schema, db.schema],
    );
    await db.admin.raw('grant select on ??.outage_customers to public', [db.schema]);

    await exporter.service.refresher.refreshExperience();
    await exporter.service.refresher.refresh();
    const after = await scrapeAll(exporter);
    expect([after.get(series), after.get(failures), after.get('crm_exporter_up')]).toEqual([1, 1, 0]);
    expect(exporter.service.refresher.status.problems).toEqual([]);
    const ready = await fetch(`${exporter.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/query family outage_customers failed: division by zero/);
  });
});
