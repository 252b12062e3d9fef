import labels from '../labels.json';
import metrics from '../metrics.json';

export * from './dictionary';
export * from './kpi-value';

export type TimerPart = 'due' | 'late' | 'overdue' | 'completed' | 'seconds';

/** One metric the exporter publishes, as its declarations describe it. */
export interface MetricEntry {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  labels: readonly string[];
  /** the query family that computes it; `exporter` for self-metrics, `regions` for crm_region_info */
  family: string;
  /** the refresh query whose failure stops it (the `family` label of the refresh self-metrics) */
  source?: string;
  /** for SLA-timer metrics: the timer, which of its five metrics this is, and what it times */
  timer?: { name: string; part: TimerPart; subject: string };
}

/** Every metric the exporter publishes (generated from its declarations: `npm run docs -w exporter`). */
export const METRICS: readonly MetricEntry[] = metrics as MetricEntry[];

/**
 * What the values of a label can be: `closed` lists them all; `capped` ones (segment, channel) come
 * from the CRM, at most `labels.<name>.max` of them plus `overflow`; `region` ones are the ids of
 * `crm_region_info`; `open` ones (invalid-row reasons, build versions) are not known ahead. The
 * `family` values are the refresh queries; crm_exporter_refresh_failures_total also counts
 * `connection` and `timeout`, the refresh-duration histogram also `role_privileges`.
 */
export type LabelValues =
  | { kind: 'closed'; values: readonly string[] }
  | { kind: 'capped'; overflow: string }
  | { kind: 'region' }
  | { kind: 'open' };

/** Every label the exporter publishes, by name (generated with metrics.json). */
export const LABELS: Readonly<Record<string, LabelValues>> = labels as Record<string, LabelValues>;
