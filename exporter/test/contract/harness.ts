/**
 * Glue between the contract tests and the real exporter: load rows with the owner connection, parse
 * the exposition with a maintained parser, and compare series sets with readable differences.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { toExporterConfig, type NaiveConfig } from '../reference/config';
import { RELATION_LOAD_ORDER, type Dataset, type RegionRow } from '../reference/rows';
import { seriesKey, type SeriesMap } from '../reference/series';

/** Parents before children, so the foreign key on parent_id holds while loading. */
function parentsFirst(regions: RegionRow[]): RegionRow[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const depth = (r: RegionRow, seen = 0): number => {
    const parent = r.parent_id === null ? undefined : byId.get(r.parent_id);
    return parent && seen < regions.length ? 1 + depth(parent, seen + 1) : 0;
  };
  return [...regions].sort((a, b) => depth(a) - depth(b));
}

export async function loadDataset(db: TestDatabase, data: Dataset): Promise<void> {
  for (const relation of RELATION_LOAD_ORDER) {
    const rows = relation === 'regions' ? parentsFirst(data.regions) : (data[relation] ?? []);
    if (rows.length > 0) await db.admin.batchInsert(`${db.schema}.${relation}`, rows as object[], 500);
  }
}

export async function deleteAll(db: TestDatabase): Promise<void> {
  for (const relation of [...RELATION_LOAD_ORDER].reverse())
    if (await db.admin.schema.withSchema(db.schema).hasTable(relation))
      await db.admin.withSchema(db.schema).table(relation).del();
}

/** Every counter, gauge and untyped sample of an exposition (histograms and summaries are left out). */
export function parseExposition(text: string): SeriesMap {
  const series: SeriesMap = new Map();
  for (const family of parsePrometheusTextFormat(text)) {
    if (family.type === 'HISTOGRAM' || family.type === 'SUMMARY') continue;
    for (const sample of family.metrics)
      series.set(seriesKey(family.name, sample.labels ?? {}), Number(sample.value));
  }
  return series;
}

/** The KPI series only: crm_* without the exporter's metrics about itself. */
export function kpiSeries(all: SeriesMap): SeriesMap {
  return new Map([...all].filter(([key]) => key.startsWith('crm_') && !key.startsWith('crm_exporter_')));
}

const metricOf = (key: string) => key.split('{')[0] as string;

/**
 * Differences between published and expected series, one line each; [] when they agree exactly
 * (seconds_total within a relative 1e-9, since it is a float sum).
 */
export function differences(published: SeriesMap, expected: SeriesMap): string[] {
  const lines: string[] = [];
  for (const [key, value] of expected) {
    const got = published.get(key);
    if (got === undefined) lines.push(`missing ${key} (expected ${value})`);
    else if (!sameValue(metricOf(key), got, value))
      lines.push(`wrong   ${key}: published ${got}, expected ${value}`);
  }
  for (const [key, value] of published) if (!expected.has(key)) lines.push(`extra   ${key} = ${value}`);
  return lines.sort();
}

function sameValue(metric: string, got: number, expected: number): boolean {
  if (!metric.endsWith('_seconds_total')) return got === expected;
  return Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/**
 * Starts the real exporter on `db` (read-only role) with the reference's settings, evaluated at `t`
 * (a clock the test moves, or undefined: at the database's now(), as in production); `overrides` are
 * further config keys.
 */
export async function startExporterFor(
  db: TestDatabase,
  config: NaiveConfig,
  t: Date | (() => Date) | undefined,
  overrides: Record<string, unknown> = {},
): Promise<TestExporter> {
  return startTestExporter(db, { config: { ...toExporterConfig(config), ...overrides }, evaluateAt: t });
}

export async function scrapeAll(exporter: TestExporter): Promise<SeriesMap> {
  return parseExposition(await exporter.scrape());
}
