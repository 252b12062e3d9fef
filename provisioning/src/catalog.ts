import {
  METRICS,
  TIMER_NAMES,
  type MetricEntry,
  type Text,
  type TimerPart,
} from '@service-kpi-monitor/catalog';

/**
 * Provisioning's questions to the exporter's catalogue (@service-kpi-monitor/catalog): which metric a
 * component is, whether it is a gauge, which refresh query it comes from, what a timer's overdue item
 * is. Every answer comes from the catalogue; a name it does not list is an error, never a guess.
 */

/** The scrape job of the exporter: the exporter alerts and the dashboards select it by this name. */
export const EXPORTER_JOB = 'crm-exporter';

/**
 * Self-metrics of the output contract v2 (metrics.md, "Evaluation"; issue 10 §1 and issue 14 §2) that
 * the rules already read while the exporter does not publish them yet. Used only for names the catalogue
 * lacks; a test checks that these agree with the catalogue once it lists them (then delete them here).
 */
const CONTRACT_V2: readonly MetricEntry[] = [
  {
    name: 'crm_exporter_family_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last refresh in which the query family succeeded.',
    labels: ['family'],
    family: 'exporter',
  },
  {
    name: 'crm_exporter_invalid_rows',
    type: 'gauge',
    help: 'Rows skipped now because they break the source contract, by relation and reason.',
    labels: ['relation', 'reason'],
    family: 'exporter',
  },
  {
    name: 'crm_exporter_counter_holdback',
    type: 'gauge',
    help: 'How far published counters of a family are held above their recomputed value.',
    labels: ['family'],
    family: 'exporter',
  },
  {
    name: 'crm_exporter_counter_corrections_total',
    type: 'counter',
    help: 'Recounts that found a published counter of the family too high and held it.',
    labels: ['family'],
    family: 'exporter',
  },
];

/** The catalogue's metrics, and the contract's v2 self-metrics it does not list yet. */
export function catalogMetrics(metrics: readonly MetricEntry[] = METRICS): MetricEntry[] {
  const listed = new Set(metrics.map((m) => m.name));
  return [...metrics, ...CONTRACT_V2.filter((m) => !listed.has(m.name))];
}

export const CONTRACT_V2_METRICS = CONTRACT_V2;

const byName = new Map(catalogMetrics().map((m) => [m.name, m]));

/** The catalogue entry of a metric; throws naming it when the exporter does not publish it. */
export function metric(name: string): MetricEntry {
  const found = byName.get(name);
  if (!found)
    throw new Error(`metric ${name} is not in the exporter's catalogue (@service-kpi-monitor/catalog)`);
  return found;
}

/** A self-metric's name, checked against the catalogue. */
export function selfMetric(name: string): string {
  if (metric(name).family !== 'exporter') throw new Error(`metric ${name} is not an exporter self-metric`);
  return name;
}

/** The metric of one part of an SLA timer, e.g. (repair_arrival, late) → crm_repair_arrival_late_total. */
export function timerMetric(timer: string, part: TimerPart): MetricEntry {
  const found = catalogMetrics().find((m) => m.timer?.name === timer && m.timer.part === part);
  if (!found) throw new Error(`timer ${timer} has no ${part} metric in the exporter's catalogue`);
  return found;
}

/**
 * What one overdue item of a timer is, in both languages (the dictionary's TIMER_NAMES), and what the
 * timer measures (the catalogue's subject); a timer missing from either is an error.
 */
export function overdueItem(timer: string): Text & { subject: string } {
  const subject = timerMetric(timer, 'overdue').timer?.subject;
  const name = TIMER_NAMES[timer];
  if (!name) throw new Error(`timer ${timer}: no display name in the catalogue's dictionary (TIMER_NAMES)`);
  if (!subject) throw new Error(`timer ${timer}: no subject in the exporter's catalogue`);
  return { ...name, subject };
}

/** The refresh query families (the `family` label of the refresh self-metrics) KPI metrics come from. */
export function sourceFamilies(): string[] {
  return [...new Set(catalogMetrics().flatMap((m) => (m.source ? [m.source] : [])))].sort();
}
