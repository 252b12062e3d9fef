import { shownExpression } from '@service-kpi-monitor/catalog';
import {
  errorBudget,
  isLongWindow,
  objective,
  recordsBadShare,
  seconds,
  type Component,
  type Kpi,
  type Targets,
} from '../slo';
import {
  componentRecord,
  hourlyRecord,
  LEVELS_OF,
  ratioRecord,
  SLO_SERIES,
  sumBy,
  type Breakdown,
  type Level,
} from './names';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface RuleGroup<R> {
  name: string;
  interval?: string;
  rules: R[];
}

const HOURLY_GROUP = 'service_kpi_hourly';
const SLO_GROUP = 'service_kpi_slo';

/**
 * The series of a component's selectors as one vector for a sum: each tagged with its position, so that
 * `or` keeps them all, and a part the exporter does not publish (an optional v2 relation) only drops out.
 */
export function summands(component: Component, each: (selector: string) => string = (s) => s): string {
  const [only, ...more] = component.selectors;
  if (more.length === 0) return each(only as string);
  return component.selectors
    .map((s, i) => `label_replace(${each(s)}, "summand", "${i}", "", "")`)
    .join(' or ');
}

/**
 * A component over a window at a level. Gauges are taken as they are; windows under a day read the raw
 * counters; windows of a day or more add up the hourly increases (24 samples a day instead of 2,880).
 */
function source(level: Level, component: Component, window: string): string {
  if (component.kind === 'gauge') return summands(component);
  // a second short of the window: a range includes both ends (Prometheus 2), and an hourly sample exactly
  // one window back belongs to the hour before the window
  if (isLongWindow(window))
    return `sum_over_time(${hourlyRecord(level, component)}[${seconds(window) - 1}s])`;
  return summands(component, (s) => `increase(${s}[${window}])`);
}

/** A component at every level: the breakdown from the source, region and overall from the level below. */
function componentRules(component: Component, by: Breakdown, window: string): RecordingRule[] {
  const [first, region, overall] = LEVELS_OF(by) as [Level, Level, Level];
  if (isLongWindow(window) && component.kind === 'counter') {
    // each level from its own hourly series: a sum of sums needs no second pass
    return LEVELS_OF(by).map((level) => ({
      record: componentRecord(level, component, window),
      expr: source(level, component, window),
    }));
  }
  return [
    {
      record: componentRecord(first, component, window),
      expr: `${sumBy(first)} (${source(first, component, window)})`,
    },
    {
      record: componentRecord(region, component, window),
      expr: `${sumBy(region)} (${componentRecord(first, component, window)})`,
    },
    {
      record: componentRecord(overall, component, window),
      expr: `${sumBy(overall)} (${componentRecord(region, component, window)})`,
    },
  ];
}

/** The increase over the last hour at every level, recorded once an hour: the base of every long window. */
function hourlyRules(component: Component, by: Breakdown): RecordingRule[] {
  const [first, region, overall] = LEVELS_OF(by) as [Level, Level, Level];
  return [
    {
      record: hourlyRecord(first, component),
      expr: `${sumBy(first)} (${summands(component, (s) => `increase(${s}[1h])`)})`,
    },
    { record: hourlyRecord(region, component), expr: `${sumBy(region)} (${hourlyRecord(first, component)})` },
    {
      record: hourlyRecord(overall, component),
      expr: `${sumBy(overall)} (${hourlyRecord(region, component)})`,
    },
  ];
}

/** The recorded ratio scale × n ÷ d (never its complement: dashboards show that). */
export function ratioExpr(level: Level, kpi: Kpi, window: string): string {
  return shownExpression(
    componentRecord(level, kpi.numerator, window),
    componentRecord(level, kpi.denominator, window),
    { show: 'ratio', scale: kpi.scale },
  );
}

/** The share of bad events over a window at region level: the recorded ratio, or its complement. */
export function badShare(kpi: Kpi, window: string): string {
  const ratio = ratioRecord('region', kpi, window);
  return recordsBadShare(kpi) ? ratio : `(1 - ${ratio})`;
}

class RuleSet {
  private readonly seen = new Set<string>();
  readonly rules: RecordingRule[] = [];
  add(rules: RecordingRule[]): void {
    for (const rule of rules) {
      const key = `${rule.record}${JSON.stringify(rule.labels ?? {})}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.rules.push(rule);
    }
  }
}

/** Sloth-style SLO series of every KPI with burn-rate alerts: objective, budget, burn rates, budget left. */
function sloRules(targets: Targets): RecordingRule[] {
  return targets.kpis
    .filter((k) => k.alerts.burn_rate)
    .flatMap((kpi) => {
      const budget = errorBudget(kpi);
      const windows = [...kpi.windows, ...kpi.regionWindows].filter((w) => w !== targets.slo_period);
      return [
        { record: SLO_SERIES.objective, expr: `vector(${objective(kpi)})`, labels: { kpi: kpi.id } },
        { record: SLO_SERIES.errorBudget, expr: `vector(${budget})`, labels: { kpi: kpi.id } },
        ...windows
          .sort((a, b) => seconds(a) - seconds(b))
          .map((window) => ({
            record: SLO_SERIES.burnRate,
            expr: `${badShare(kpi, window)} / ${budget}`,
            labels: { kpi: kpi.id, window },
          })),
        {
          record: SLO_SERIES.budgetRemaining,
          expr: `1 - ${badShare(kpi, targets.slo_period)} / ${budget}`,
          labels: { kpi: kpi.id },
        },
      ];
    });
}

/**
 * Every KPI at every level over the display windows, and at region level over the windows only its
 * alerts read; always from summed numerators and denominators, never an average of ratios. A
 * component shared by several KPIs is recorded once. Groups: gauges; the hourly increases (evaluated
 * once an hour); one group per window; the SLO series.
 */
export function recordingGroups(targets: Targets): RuleGroup<RecordingRule>[] {
  const gauges = new RuleSet();
  const hourly = new RuleSet();
  const byWindow = new Map<string, RuleSet>();
  const set = (w: string) => byWindow.get(w) ?? byWindow.set(w, new RuleSet()).get(w)!;
  for (const kpi of targets.kpis) {
    for (const c of [kpi.numerator, kpi.denominator]) {
      if (c.kind === 'counter') hourly.add(hourlyRules(c, kpi.by));
      for (const w of kpi.windows) (c.kind === 'gauge' ? gauges : set(w)).add(componentRules(c, kpi.by, w));
      for (const w of kpi.regionWindows) {
        if (c.kind === 'gauge') gauges.add(componentRules(c, kpi.by, w));
        else set(w).add([{ record: componentRecord('region', c, w), expr: regionSource(c, w) }]);
      }
    }
  }
  for (const kpi of targets.kpis) {
    for (const w of kpi.windows) {
      set(w).add(
        LEVELS_OF(kpi.by).map((level) => ({
          record: ratioRecord(level, kpi, w),
          expr: ratioExpr(level, kpi, w),
        })),
      );
    }
    for (const w of kpi.regionWindows) {
      set(w).add([{ record: ratioRecord('region', kpi, w), expr: ratioExpr('region', kpi, w) }]);
    }
  }
  // figures: gauges at every level of their breakdown
  for (const f of targets.figures) gauges.add(componentRules(f.component, f.by, ''));
  const windows = [...byWindow.keys()].sort((a, b) => seconds(a) - seconds(b));
  return [
    { name: 'service_kpi_gauges', rules: gauges.rules },
    // each sample is the increase over the hour before it: sum_over_time(…[30d]) is a 30-day increase
    { name: HOURLY_GROUP, interval: '1h', rules: hourly.rules },
    ...windows.map((w) => ({
      name: `service_kpi_${w}`,
      ...windowInterval(w),
      rules: (byWindow.get(w) as RuleSet).rules,
    })),
    { name: SLO_GROUP, rules: sloRules(targets) },
  ];
}

/**
 * Day-long windows move once an hour, with their hourly base: every 4 minutes is plenty. Windows of
 * 6 hours read 720 raw samples per series: every minute keeps them within 10 % of the interval at
 * station level (npm run bench). Both stay inside the 5-minute lookback, so instant queries find a sample.
 */
function windowInterval(w: string): { interval?: string } {
  if (isLongWindow(w)) return { interval: '4m' };
  return seconds(w) >= seconds('6h') ? { interval: '1m' } : {};
}

function regionSource(c: Component, w: string): string {
  return isLongWindow(w) ? source('region', c, w) : `sum by (region) (${source('region', c, w)})`;
}
