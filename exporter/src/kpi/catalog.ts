import { configSchema } from '../config/schema';
import type { MetricDoc } from '../metrics/docs';
import { REGION_INFO } from '../metrics/publisher';
import { SELF_METRICS } from '../metrics/self';
import { kpiFamilies } from './index';

export type { MetricDoc } from '../metrics/docs';

export interface KpiMetricDoc extends MetricDoc {
  /** the query family that computes it; metrics of one family are published together */
  family: string;
}

/**
 * Every metric the exporter publishes (prom-client's process_* and nodejs_* defaults aside), derived
 * from the declarations: the source for the metrics reference, rule and dashboard cross-checks.
 */
export function metricCatalog(): KpiMetricDoc[] {
  const config = configSchema.parse({});
  const kpis = kpiFamilies(config).flatMap((family) =>
    family.measures.map((m) => ({
      name: m.metric,
      type: m.type,
      help: m.help,
      labels: family.labels,
      family: family.name,
    })),
  );
  const regionInfo = { ...REGION_INFO, labels: [...REGION_INFO.labels], family: 'regions' };
  const self = Object.values(SELF_METRICS).map((m) => ({ ...m, labels: [...m.labels], family: 'exporter' }));
  return [...kpis, regionInfo, ...self];
}
