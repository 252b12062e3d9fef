import { configSchema } from '../config/schema';
import type { MetricDoc } from '../metrics/docs';
import { REGION_INFO } from '../metrics/publisher';
import { SELF_METRICS } from '../metrics/self';
import { kpiFamilies } from '../kpi';
import { TIMERS, timerMetricNames } from '../kpi/timers';

export type { MetricDoc } from '../metrics/docs';

export interface KpiMetricDoc extends MetricDoc {
  /** the query family that computes it; metrics of one family are published together */
  family: string;
  /** the refresh query whose failure stops it (the `family` label of the refresh self-metrics) */
  source?: string;
  /** for SLA-timer metrics: the timer, which of its five metrics this is, and what it times */
  timer?: { name: string; part: TimerPart; subject: string };
}

export type TimerPart = 'due' | 'late' | 'overdue' | 'completed' | 'seconds';

/** Metric name → the timer and part it publishes. */
function timerParts(): Map<string, NonNullable<KpiMetricDoc['timer']>> {
  const parts = new Map<string, NonNullable<KpiMetricDoc['timer']>>();
  for (const timer of TIMERS) {
    for (const [part, metric] of Object.entries(timerMetricNames(timer)))
      if (metric) parts.set(metric, { name: timer.name, part: part as TimerPart, subject: timer.subject });
  }
  return parts;
}

/**
 * Every metric the exporter publishes (prom-client's process_* and nodejs_* defaults aside), derived
 * from the declarations: the source for the metrics reference, rule and dashboard cross-checks.
 */
export function metricCatalog(): KpiMetricDoc[] {
  const config = configSchema.parse({});
  const timers = timerParts();
  const kpis = kpiFamilies(config).flatMap((family) =>
    family.measures.map((m) => {
      const timer = timers.get(m.metric);
      return {
        name: m.metric,
        type: m.type,
        help: m.help,
        labels: family.labels,
        family: family.name,
        source: family.source,
        ...(timer ? { timer } : {}),
      };
    }),
  );
  const regionInfo = { ...REGION_INFO, labels: [...REGION_INFO.labels], family: 'regions' };
  const self = Object.values(SELF_METRICS).map((m) => ({ ...m, labels: [...m.labels], family: 'exporter' }));
  return [...kpis, regionInfo, ...self];
}
