/**
 * A deliberately naive, independent implementation of shared/docs/metrics.md over plain rows:
 * loops and literal rules, no SQL, nothing shared with the exporter. The contract tests compare
 * what `/metrics` publishes with what this computes from the same rows.
 */
import type { Contract, NaiveConfig } from './config';
import { computeCounts } from './counts';
import { computeExperience } from './experience';
import { labeller } from './labels';
import type { Dataset, RelationName } from './rows';
import type { SeriesMap } from './series';
import { computeTimers } from './timers';
import { validRows } from './validity';

export interface NaiveResult {
  /** every KPI series (no crm_exporter_* self-metrics) */
  series: SeriesMap;
  /** rows left out, per relation */
  skipped: Partial<Record<RelationName, number>>;
}

export function computeNaive(
  data: Dataset,
  t: Date,
  config: NaiveConfig,
  contract: Contract = 'v2',
): NaiveResult {
  const { valid, skipped } = validRows(data, t);
  const label = labeller(valid, config);
  const series: SeriesMap = new Map();
  computeTimers(valid, t, config, label, series, contract);
  computeCounts(valid, t, config, label, series, contract);
  if (contract === 'v2') computeExperience(valid, t, config, label, series);
  return { series, skipped };
}
