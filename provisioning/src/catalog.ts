import {
  METRICS,
  TIMER_NAMES,
  type MetricEntry,
  type Text,
  type TimerNames,
  type TimerPart,
} from '@service-kpi-monitor/catalog';

/**
 * Provisioning's questions to the exporter's catalogue (@service-kpi-monitor/catalog): which metric a
 * component is, whether it is a gauge, which refresh query it comes from, what a timer's overdue item
 * is. Every answer comes from the catalogue; a name it does not list is an error, never a guess.
 */

/** The scrape job of the exporter: the exporter alerts and the dashboards select it by this name. */
export const EXPORTER_JOB = 'crm-exporter';

const byName = new Map(METRICS.map((m) => [m.name, m]));

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
  const found = METRICS.find((m) => m.timer?.name === timer && m.timer.part === part);
  if (!found) throw new Error(`timer ${timer} has no ${part} metric in the exporter's catalogue`);
  return found;
}

/** A timer's display names (the dictionary's TIMER_NAMES); a timer missing there is an error. */
export function timerNames(timer: string): TimerNames {
  const names = TIMER_NAMES[timer];
  if (!names) throw new Error(`timer ${timer}: no display names in the catalogue's dictionary (TIMER_NAMES)`);
  return names;
}

/**
 * What one overdue item of a timer is, in both languages (the dictionary's TIMER_NAMES), and what the
 * timer measures (the catalogue's subject); a timer missing from either is an error.
 */
export function overdueItem(timer: string): Text & { subject: string } {
  const subject = timerMetric(timer, 'overdue').timer?.subject;
  if (!subject) throw new Error(`timer ${timer}: no subject in the exporter's catalogue`);
  return { ...timerNames(timer).item, subject };
}

/** The refresh query families (the `family` label of the refresh self-metrics) KPI metrics come from. */
export function sourceFamilies(): string[] {
  return [...new Set(METRICS.flatMap((m) => (m.source ? [m.source] : [])))].sort();
}
