/**
 * Rows that break the contract (loaded into tables without its constraints): the exporter skips each
 * one, counts it in crm_exporter_invalid_rows{relation,reason}, and publishes the rest exactly
 * as if the bad rows were not there.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import {
  badRows,
  doubleDefectReasons,
  expectedReasons,
  expectedSkipped,
  expectedValid,
} from '../fixtures/bad-rows';
import { T } from '../fixtures/builders';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { SeriesMap } from '../reference/series';
import { differences, kpiSeries, loadDataset, parseExposition, startExporterFor } from './harness';

/** `relation/reason` → value of every non-zero invalid-rows series. */
function invalidRows(exposition: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const family = parsePrometheusTextFormat(exposition).find((f) => f.name === 'crm_exporter_invalid_rows');
  for (const sample of family?.metrics ?? []) {
    const value = Number(sample.value);
    if (value !== 0) counts[`${sample.labels?.relation}/${sample.labels?.reason}`] = value;
  }
  return counts;
}

describe('rows that break the contract', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let all: SeriesMap;
  let exposition: string;

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    await loadDataset(db, badRows);
    exporter = await startExporterFor(db, defaultConfig(), T);
    exposition = await exporter.scrape();
    all = parseExposition(exposition);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('keeps refreshing and stays up', () => {
    expect(all.get('crm_exporter_up')).toBe(1);
  });

  it('counts every skipped row under its relation', () => {
    const perRelation: Record<string, number> = {};
    for (const [key, value] of Object.entries(invalidRows(exposition))) {
      const relation = key.split('/')[0] as string;
      perRelation[relation] = (perRelation[relation] ?? 0) + value;
    }
    expect(perRelation).toEqual(expectedSkipped);
  });

  it('names the reason of each skipped row', () => {
    const published = invalidRows(exposition);
    const withDoubleDefect = doubleDefectReasons.map((reason) => ({
      ...expectedReasons,
      [reason]: (expectedReasons[reason] ?? 0) + 1,
    }));
    expect(withDoubleDefect).toContainEqual(published);
  });

  it('publishes the valid rows as if the bad ones were not there', () => {
    const published = kpiSeries(all);
    for (const [key, value] of expectedValid) expect([key, published.get(key)]).toEqual([key, value]);
    expect(differences(published, computeNaive(badRows, T, defaultConfig()).series)).toEqual([]);
  });
});
