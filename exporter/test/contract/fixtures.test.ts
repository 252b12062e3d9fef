/**
 * Hand-computed fixtures against the real exporter: each fixture's rows go into a fresh database, the
 * exporter reads them through the read-only role at a fixed t, and the published series of the
 * fixture's metrics must be exactly the literal numbers worked out by hand (nothing missing, nothing
 * extra). Everything else it publishes must match the naive reference.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { ALL_FIXTURES } from '../fixtures';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import { pick } from '../reference/series';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

describe.each(ALL_FIXTURES.map((f) => [f.name, f] as const))('fixture: %s', (_, fixture) => {
  const config = fixture.config ?? defaultConfig();
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, fixture.rows);
    exporter = await startExporterFor(db, config, T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('publishes exactly the hand-computed series', async () => {
    const published = pick(kpiSeries(await scrapeAll(exporter)), fixture.families);
    expect(differences(published, fixture.expected)).toEqual([]);
  });

  it('agrees with the naive reference on every other KPI series', async () => {
    const published = kpiSeries(await scrapeAll(exporter));
    expect(differences(published, computeNaive(fixture.rows, T, config).series)).toEqual([]);
  });

  it('is up and skipped no row', async () => {
    const all = await scrapeAll(exporter);
    expect(all.get('crm_exporter_up')).toBe(1);
    const invalid = [...all].filter(
      ([key, value]) => key.startsWith('crm_exporter_invalid_rows_total') && value !== 0,
    );
    expect(invalid).toEqual([]);
  });
});
