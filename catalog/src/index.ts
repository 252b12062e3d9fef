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
