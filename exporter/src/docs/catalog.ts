import { configSchema } from '../config/schema';
import { CONTRACT, RELATIONS } from '../db/contract';
import { DECLARATIONS, type Declarations } from '../kpi';
import { OVERFLOW_VALUE } from '../kpi/label-caps';
import { CAPPED_LABELS, type LabelName } from '../kpi/model';
import { EXPERIENCE_QUERIES } from '../kpi/experience';
import { queryPlans } from '../kpi/plan';
import { DERIVED_LABELS, SOURCES } from '../kpi/sources';
import { timerMetricNames } from '../kpi/timers';
import type { MetricDoc } from '../metrics/docs';
import { REGION_INFO } from '../metrics/publisher';
import { SELF_METRICS } from '../metrics/self';

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
function timerParts(declarations: Declarations): Map<string, NonNullable<KpiMetricDoc['timer']>> {
  const parts = new Map<string, NonNullable<KpiMetricDoc['timer']>>();
  for (const timer of declarations.timers) {
    for (const [part, metric] of Object.entries(timerMetricNames(timer)))
      if (metric) parts.set(metric, { name: timer.name, part: part as TimerPart, subject: timer.subject });
  }
  return parts;
}

/**
 * Every metric the exporter publishes (prom-client's process_* and nodejs_* defaults aside), derived
 * from the declarations: the source for the metrics reference and catalog/metrics.json.
 */
export function metricCatalog(declarations: Declarations = DECLARATIONS): KpiMetricDoc[] {
  const config = configSchema.parse({});
  const timers = timerParts(declarations);
  const kpis = declarations.families(config).flatMap((family) =>
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

/**
 * What the values of a label can be: `closed` lists them all; `capped` ones come from the CRM, at
 * most `labels.<name>.max` of them plus the overflow value; `region` ones are the ids of
 * `crm_region_info`; `open` ones (invalid-row reasons, build versions) are not known ahead.
 */
export type LabelValues =
  | { kind: 'closed'; values: string[] }
  | { kind: 'capped'; overflow: string }
  | { kind: 'region' }
  | { kind: 'open' };

/** Every label the exporter publishes, and what its values can be: for rules and dashboards' value lists. */
export function labelCatalog(declarations: Declarations = DECLARATIONS): Record<string, LabelValues> {
  const config = configSchema.parse({});
  const families = declarations.families(config);
  const closedSet = (label: LabelName): string[] | undefined => {
    const derived = DERIVED_LABELS[label];
    if (derived) return [...derived.values];
    for (const family of families) {
      const relation = CONTRACT[SOURCES[family.source].labelsFrom] as Record<
        string,
        { oneOf?: readonly string[] }
      >;
      const values = relation[label]?.oneOf;
      if (family.labels.includes(label) && values) return [...values];
    }
    return undefined;
  };
  const labels: Record<string, LabelValues> = {};
  for (const label of new Set(families.flatMap((f) => f.labels))) {
    const values = closedSet(label);
    if (label === 'region') labels[label] = { kind: 'region' };
    else if ((CAPPED_LABELS as readonly string[]).includes(label))
      labels[label] = { kind: 'capped', overflow: OVERFLOW_VALUE };
    else labels[label] = values ? { kind: 'closed', values } : { kind: 'open' };
  }
  // the self-metrics' labels
  labels.family = {
    kind: 'closed',
    values: [...queryPlans(families).map((plan) => plan.name), ...Object.values(EXPERIENCE_QUERIES)],
  };
  labels.relation = { kind: 'closed', values: [...RELATIONS] };
  labels.label = { kind: 'closed', values: [...CAPPED_LABELS] };
  for (const label of ['reason', 'name', 'parent', 'version', 'nodejs_version'])
    labels[label] = { kind: 'open' };
  labels.level = { kind: 'closed', values: [...(CONTRACT.regions.level.oneOf ?? [])] };
  return labels;
}
