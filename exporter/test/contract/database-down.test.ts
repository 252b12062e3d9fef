/**
 * metrics.md: when the database is unreachable the exporter keeps serving the last good values, sets
 * crm_exporter_up to 0 and lets the timestamp age; it does not drop or zero the KPI series.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { workOrdersFixture } from '../fixtures/work-orders';
import { defaultConfig } from '../reference/config';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

describe('while the database is unreachable', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let reader: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    reader = decodeURIComponent(new URL(db.readerUrl).username);
    await loadDataset(db, workOrdersFixture.rows);
    exporter = await startExporterFor(db, defaultConfig(), T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.admin.raw('alter role ?? login', [reader]);
    await db?.close();
  });

  it('keeps the last good values, reports down, and recovers', async () => {
    const good = await scrapeAll(exporter);
    const freshAt = good.get('crm_exporter_last_refresh_success_timestamp_seconds');
    expect(good.get('crm_exporter_up')).toBe(1);

    // the reader can no longer log in, and its open connections are cut
    await db.admin.raw('alter role ?? nologin', [reader]);
    await db.admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where usename = ?', [reader]);
    await exporter.refresh().catch(() => undefined); // a failed refresh may or may not reject
    const down = await scrapeAll(exporter);
    expect(down.get('crm_exporter_up')).toBe(0);
    expect(down.get('crm_exporter_last_refresh_success_timestamp_seconds')).toBe(freshAt);
    const failures = [...down].filter(([key]) => key.startsWith('crm_exporter_refresh_failures_total'));
    expect(failures.reduce((sum, [, value]) => sum + value, 0)).toBeGreaterThan(0);
    expect(differences(kpiSeries(down), kpiSeries(good))).toEqual([]);

    await db.admin.raw('alter role ?? login', [reader]);
    // a refresh already under way when the role was let back in (the background loop's) still fails:
    // recovery is the first refresh that starts after it, however long a busy machine makes that
    let back = down;
    const deadline = Date.now() + 120_000;
    while (back.get('crm_exporter_up') !== 1 && Date.now() < deadline) {
      await exporter.refresh().catch(() => undefined);
      back = await scrapeAll(exporter);
    }
    expect(back.get('crm_exporter_up')).toBe(1);
    expect(differences(kpiSeries(back), kpiSeries(good))).toEqual([]);
  });
});
