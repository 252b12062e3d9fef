import { seconds, type Component, type Kpi, type Targets } from '../slo';
import { componentRecord, LEVELS_OF, ratioRecord, sumBy, type Breakdown, type Level } from './names';

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RuleGroup<R> {
  name: string;
  interval?: string;
  rules: R[];
}

function source(component: Component, window: string): string {
  return component.kind === 'gauge' ? component.selector : `increase(${component.selector}[${window}])`;
}

/** A component at every level: the breakdown from the raw series, region and overall from the level below. */
function componentRules(component: Component, by: Breakdown, window: string): RecordingRule[] {
  const [first, region, overall] = LEVELS_OF(by) as [Level, Level, Level];
  return [
    {
      record: componentRecord(first, component, window),
      expr: `${sumBy(first)} (${source(component, window)})`,
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

export function ratioExpr(level: Level, kpi: Kpi, window: string): string {
  const ratio = `${componentRecord(level, kpi.numerator, window)} / ${componentRecord(level, kpi.denominator, window)}`;
  return kpi.scale === 1 ? ratio : `${ratio} * ${kpi.scale}`;
}

class RuleSet {
  private readonly seen = new Set<string>();
  readonly rules: RecordingRule[] = [];
  add(rules: RecordingRule[]): void {
    for (const rule of rules) {
      if (this.seen.has(rule.record)) continue;
      this.seen.add(rule.record);
      this.rules.push(rule);
    }
  }
}

/**
 * Every KPI at every level over the display windows, and at region level over the windows only its
 * alerts read; always from summed numerators and denominators, never an average of ratios. A
 * component shared by several KPIs is recorded once. One group per window, gauges first.
 */
export function recordingGroups(targets: Targets): RuleGroup<RecordingRule>[] {
  const gauges = new RuleSet();
  const byWindow = new Map<string, RuleSet>();
  const set = (w: string) => byWindow.get(w) ?? byWindow.set(w, new RuleSet()).get(w)!;
  for (const kpi of targets.kpis) {
    const parts = [kpi.numerator, kpi.denominator];
    for (const w of kpi.windows) {
      for (const c of parts) (c.kind === 'gauge' ? gauges : set(w)).add(componentRules(c, kpi.by, w));
    }
    for (const w of kpi.regionWindows) {
      for (const c of parts) {
        const rule = { record: componentRecord('region', c, w), expr: `sum by (region) (${source(c, w)})` };
        (c.kind === 'gauge' ? gauges : set(w)).add(
          c.kind === 'gauge' ? componentRules(c, kpi.by, w) : [rule],
        );
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
  const windows = [...byWindow.keys()].sort((a, b) => seconds(a) - seconds(b));
  return [
    { name: 'service_kpi_gauges', rules: gauges.rules },
    ...windows.map((w) => ({
      name: `service_kpi_${w}`,
      // day-long windows barely move in 30 s and cost the most: every 2 minutes, inside the 5-minute lookback
      ...(seconds(w) >= 86400 ? { interval: '2m' } : {}),
      rules: (byWindow.get(w) as RuleSet).rules,
    })),
  ];
}
