import type { Component, Kpi } from '../slo';

/**
 * Recorded series follow Prometheus' `level:metric:operations` convention. Levels: `region_segment` or
 * `region_kind` (the KPI's breakdown), `region`, and `overall` (no labels).
 */
export type Breakdown = Kpi['by'];
export type Level = `region_${Breakdown}` | 'region' | 'overall';

export const LEVELS_OF = (by: Breakdown): Level[] => [`region_${by}`, 'region', 'overall'];

export function labelsOf(level: Level): string[] {
  if (level === 'overall') return [];
  if (level === 'region') return ['region'];
  return ['region', level.slice('region_'.length)];
}

/** `sum by (region, segment)`, `sum by (region)` or plain `sum` */
export function sumBy(level: Level): string {
  const labels = labelsOf(level);
  return labels.length === 0 ? 'sum' : `sum by (${labels.join(', ')})`;
}

/** e.g. region:crm_repair_arrival_due:increase1h; a gauge component is recorded once, as `:sum`. */
export function componentRecord(level: Level, component: Component, window: string): string {
  return component.kind === 'gauge'
    ? `${level}:${component.id}:sum`
    : `${level}:${component.id}:increase${window}`;
}

/** e.g. region:repair_arrival_late:ratio_increase1h — numerator ÷ denominator × scale */
export function ratioRecord(level: Level, kpi: Kpi, window: string): string {
  return `${level}:${kpi.id}:ratio_increase${window}`;
}

/** e.g. region:crm_repair_arrival_due:increase_hourly — the increase over the hour before each sample */
export function hourlyRecord(level: Level, component: Component): string {
  return `${level}:${component.id}:increase_hourly`;
}

/** SLO series, Sloth style: labels kpi (all four), region (burn rate, remaining), window (burn rate). */
export const SLO_SERIES = {
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  burnRate: 'slo:burn_rate:ratio',
  budgetRemaining: 'slo:error_budget_remaining:ratio',
} as const;
