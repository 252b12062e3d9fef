import { METRICS, shownExpression } from '@service-kpi-monitor/catalog';
import { metric as catalogued, timerMetric } from '../catalog';
import { componentRecord, hourlyRecord, type Level } from '../rules/names';
import { summands } from '../rules/recording';
import { seconds, type Component, type Figure, type Kpi, type Targets } from '../slo';

/** A series the exporter publishes, by name (a histogram's too): a typo or a dropped metric fails the generator. */
export function metric(name: string): string {
  const histogram = /^(.+)_(bucket|sum|count)$/.exec(name)?.[1];
  if (histogram && METRICS.some((m) => m.name === histogram && m.type === 'histogram')) return name;
  return catalogued(name).name;
}

/** The "overdue right now" gauge of an SLA timer, from the catalog. */
export const overdueMetric = (timer: string): string => timerMetric(timer, 'overdue').name;

/** Timers with an "overdue right now" gauge, in declaration order. */
export function overdueTimers(targets: Targets): string[] {
  return [...new Set(targets.kpis.flatMap((k) => (k.timer && k.measure === 'late_share' ? [k.timer] : [])))];
}

/** The timers of the "overdue now" rows, but those a figure of the live row already shows. */
export function overdueRowTimers(targets: Targets, live: Figure[]): string[] {
  const shown = new Set(live.flatMap((f) => f.component.selectors));
  return overdueTimers(targets).filter((t) => !shown.has(overdueMetric(t)));
}

/** A figure now: its gauge summed over `scope` (the selected region and below, or everything). */
export function figureExpr(f: Figure, scope: (vector: string) => string = (v) => v): string {
  return `sum(${scope(summands(f.component))})`;
}

/** The count of a timer's overdue items from which its alert pages (targets.yml), if one does. */
export function overduePageAt(targets: Targets, timer: string): number | undefined {
  const pages = targets.kpis
    .filter((k) => k.timer === timer)
    .flatMap((k) => k.alerts.overdue ?? [])
    .filter((o) => o.severity === 'page');
  return pages.length > 0 ? Math.min(...pages.map((o) => o.above + 1)) : undefined;
}

export { SLO_SERIES as SLO } from '../rules/names';

/** Where a KPI's counts come from: the dashboard's range (hourly sums) or a recorded window (`1d`). */
export type Span = { range: true } | { window: string };
const RANGE: Span = { range: true };

/** A component's count at a level over a span; a gauge (customers) is its value now. */
export function componentOver(level: Level, c: Component, span: Span): string {
  if (c.kind === 'gauge') return componentRecord(level, c, '');
  if ('window' in span) return componentRecord(level, c, span.window);
  return `sum_over_time(${hourlyRecord(level, c)}[$__range])`;
}

/**
 * A count per population (complaints per 10k customers) has a target per SLO period: over any span it
 * is shown as that period's run-rate, so a day, a week and a month to date all compare with the target.
 */
export function isRunRate(kpi: Kpi): boolean {
  return kpi.numerator.kind === 'counter' && kpi.denominator.kind === 'gauge';
}

/** What turns a run-rate KPI's numerator over a span into its count per SLO period; '' for the others. */
export function runRateFactor(targets: Targets, kpi: Kpi, span: Span = RANGE): string {
  if (!isRunRate(kpi)) return '';
  return ` * ${seconds(targets.slo_period)} / ${'window' in span ? seconds(span.window) : '$__range_s'}`;
}

export interface KpiQuery {
  /** the recorded level read: `region` for anything filtered by region, `overall` for the whole */
  level: Level;
  span?: Span;
  /** wraps each component's vector before summing: restricts it to a region subtree, for one */
  scope?: (vector: string) => string;
}

/** The KPI as it is shown (scaled, complemented, run-rate), from summed numerator and denominator. */
export function kpiExpr(targets: Targets, kpi: Kpi, q: KpiQuery): string {
  const span = q.span ?? RANGE;
  const part = (c: Component) => {
    const v = componentOver(q.level, c, span);
    return `sum (${q.scope ? q.scope(v) : v})`;
  };
  return shownExpression(part(kpi.numerator) + runRateFactor(targets, kpi, span), part(kpi.denominator), kpi);
}
