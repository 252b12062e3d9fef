import metrics from '../metrics.json';

/** One metric the exporter publishes, as its declarations describe it. */
export interface MetricEntry {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  labels: readonly string[];
  /** the query family that computes it; `exporter` for self-metrics */
  family: string;
}

/** Every metric the exporter publishes (generated from its declarations: `npm run docs -w exporter`). */
export const METRICS: readonly MetricEntry[] = metrics as MetricEntry[];
