import { recordedLimit } from '@service-kpi-monitor/catalog';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { metric, timerMetric } from './catalog';

/** Root of the provisioning workspace (src/ and test/ sit one level below it). */
export const PROVISIONING_DIR = join(__dirname, '..');
export const TARGETS_FILE = join(PROVISIONING_DIR, 'slo', 'targets.yml');

const duration = z.string().regex(/^\d+[smhd]$/, 'a Prometheus duration such as 5m, 1h, 30d');
/** page: the pager, act now; ticket: e-mail, act today; notify: one overdue item, for the dispatch desk. */
const severity = z.enum(['page', 'ticket', 'notify']);
const alertSeverity = z.enum(['page', 'ticket']);
const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');

/** The label a KPI or figure is broken down by beside `region`: its heat map's columns. */
const breakdown = z.enum(['segment', 'kind', 'type', 'queue', 'stage', 'credit_grade']);

/** Counts of items right now: `above` is the count from which it alerts (a single item never pages). */
const countAlert = z.object({ severity, above: z.number().int().nonnegative(), for: duration }).strict();

const burnRateWindow = z.object({ long: duration, short: duration, factor: z.number().positive() });

const kpiAlerts = z
  .object({
    burn_rate: z
      .object({
        severities: z.array(alertSeverity).min(1),
        // decided cases required in both windows of a pair: a quiet county's few late cases are no trend
        min_events: z.number().int().positive(),
      })
      .strict(),
    overdue: z.array(countAlert),
    surge: z
      .object({
        window: duration,
        baseline: duration,
        factor: z.number().gt(1),
        min_events: z.number().int().positive(),
        severity: alertSeverity,
        for: duration,
      })
      .strict(),
    threshold: z
      .object({
        window: duration,
        above: z.number().positive(),
        min_events: z.number().int().positive(),
        severity: alertSeverity,
        for: duration,
      })
      .strict(),
  })
  .partial()
  .strict();

const kpiSchema = z
  .object({
    id: identifier,
    title: z.string().min(1),
    zh: z.string().min(1),
    nine_rates: z.number().int().min(1).max(9).optional(),
    timer: identifier.optional(),
    measure: z.enum(['late_share', 'mean']).default('late_share'),
    numerator: identifier.optional(),
    denominator: identifier.optional(),
    by: breakdown.default('segment'),
    scale: z.number().positive().default(1),
    show: z.enum(['ratio', 'complement']).default('ratio'),
    family: identifier.optional(),
    direction: z.enum(['higherIsBetter', 'lowerIsBetter']),
    target: z.number().positive(),
    /** an Alertmanager time interval of `paging_hours`: its pages reach the pager only then */
    page_in: identifier.optional(),
    alerts: kpiAlerts.default({}),
  })
  .strict()
  .refine((k) => (k.timer === undefined) !== (k.numerator === undefined && k.denominator === undefined), {
    message: 'a KPI has either `timer` or both `numerator` and `denominator`',
  })
  .refine((k) => k.timer !== undefined || (k.numerator !== undefined && k.denominator !== undefined), {
    message: 'a ratio KPI needs both `numerator` and `denominator`',
  });

/**
 * A figure: a gauge read as it is now (customers without power, sensitive customers' overdue orders,
 * arrears), recorded at every level, shown on the wall and the drill-down, alerted above a count.
 */
const figureSchema = z
  .object({
    id: identifier,
    title: z.string().min(1),
    zh: z.string().min(1),
    /** a gauge component (`components`) */
    gauge: identifier,
    by: breakdown,
    unit: z.enum(['items', 'customers', 'yuan']),
    /** on the wall's live row (the drill-down shows every figure) */
    wall: z.boolean().default(false),
    /** a value heat map of region × `by` on the heat-map dashboard */
    heatmap: z.boolean().default(false),
    alerts: z.array(countAlert).default([]),
  })
  .strict();

function isTimeZone(zone: string): boolean {
  if (zone === 'browser' || zone === 'utc') return true; // Grafana's own two
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How the dashboards speak: their language and the utility's time zone ("today", "this month"). */
const dashboardsSchema = z
  .object({
    language: z.enum(['zh', 'en']).default('zh'),
    timezone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai, or browser or utc')
      .default('Asia/Shanghai'),
  })
  .strict();

const targetsSchema = z
  .object({
    grafana_url: z.string().url(),
    dashboards: dashboardsSchema.default({ language: 'zh', timezone: 'Asia/Shanghai' }),
    runbook_url: z.string().url(),
    slo_period: duration,
    burn_rate: z
      .object({ page: z.array(burnRateWindow).min(1), ticket: z.array(burnRateWindow).min(1) })
      .strict(),
    record_windows: z.array(duration).min(1),
    /** Alertmanager time_intervals (its configuration's format) that KPIs may limit their pages to */
    paging_hours: z.record(identifier, z.array(z.record(z.string(), z.unknown())).min(1)).default({}),
    /** Alertmanager receiver settings (its configuration's format, without `name`) of each route */
    receivers: z
      .object({
        pager: z.record(z.string(), z.unknown()),
        ticket: z.record(z.string(), z.unknown()),
        dispatch: z.record(z.string(), z.unknown()),
        heartbeat: z.record(z.string(), z.unknown()),
      })
      .strict(),
    /** a selector, or a list of selectors summed (both halves of rate 6) */
    components: z.record(identifier, z.union([z.string().min(1), z.array(z.string().min(1)).min(2)])),
    kpis: z.array(kpiSchema).min(1),
    figures: z.array(figureSchema).default([]),
  })
  .strict();

export type Severity = z.infer<typeof severity>;
export type AlertSeverity = z.infer<typeof alertSeverity>;
export type BurnRateWindow = z.infer<typeof burnRateWindow>;
export type KpiAlerts = z.infer<typeof kpiAlerts>;
export type CountAlert = z.infer<typeof countAlert>;
export type Breakdown = z.infer<typeof breakdown>;
export type Figure = z.infer<typeof figureSchema> & { component: Component };
type KpiDeclaration = z.infer<typeof kpiSchema>;

/** A numerator or denominator: what the rules sum, at every level. */
export interface Component {
  /** `crm_…` without `_total`: the metric part of the recorded names */
  id: string;
  /** the PromQL selectors of the exporter's series, summed (most components have one) */
  selectors: string[];
  /** counters are windowed with increase(); gauges (crm_customers) are taken as they are */
  kind: 'counter' | 'gauge';
  /** the refresh query families its metrics come from (catalogue `source`) */
  sources: string[];
}

export interface Kpi extends Omit<KpiDeclaration, 'numerator' | 'denominator'> {
  numerator: Component;
  denominator: Component;
  /** windows the KPI is recorded over at every level, ascending */
  windows: string[];
  /** further windows only its alerts read, recorded at region level only, ascending */
  regionWindows: string[];
}

export interface Targets extends Omit<z.infer<typeof targetsSchema>, 'kpis' | 'components' | 'figures'> {
  components: Component[];
  kpis: Kpi[];
  figures: Figure[];
}

/** Burn-rate windows the SLO view shows for every KPI with burn-rate alerts. */
const SLO_VIEW_WINDOWS = ['1h', '6h', '3d'];

export function seconds(d: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[d.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return Number(d.slice(0, -1)) * unit;
}

/** Windows of a day or more are built from the hourly increases, never read over raw series. */
const HOURLY_FROM_SECONDS = 86400;
export const isLongWindow = (w: string) => seconds(w) >= HOURLY_FROM_SECONDS;

type Shape = Pick<Kpi, 'show' | 'scale' | 'direction' | 'target' | 'id'>;

/**
 * Whether the recorded ratio n ÷ d counts bad events (late ÷ due, returned ÷ closed) or good ones
 * (reached ÷ callbacks): a shown value that is good when high and shown as the ratio itself is a good
 * share; shown as its complement, or good when low, the recorded ratio is the bad share.
 */
export function recordsBadShare(kpi: Pick<Kpi, 'show' | 'direction'>): boolean {
  return (kpi.show === 'ratio') !== (kpi.direction === 'higherIsBetter');
}

/** The share of bad events a KPI may have (its error budget); only shares (scale 1) have one. */
export function errorBudget(kpi: Shape): number {
  if (kpi.scale !== 1) throw new Error(`kpi ${kpi.id}: an error budget needs a share (scale 1)`);
  const limit = recordedLimit(kpi.target, kpi);
  // rounded: 1 − 0.9 is 0.09999999999999998 in floating point
  return recordsBadShare(kpi) ? limit : Number((1 - limit).toFixed(10));
}

/** The share of good events required: the SLO objective. */
export function objective(kpi: Shape): number {
  return Number((1 - errorBudget(kpi)).toFixed(10));
}

function metricOf(selector: string): string {
  return selector.replace(/\{.*$/, '');
}

/** A component of a timer's part, named and typed by the catalogue. */
function timerComponent(timer: string, part: 'late' | 'due' | 'completed' | 'seconds'): Component {
  const m = timerMetric(timer, part);
  return {
    id: m.name.replace(/_total$/, ''),
    selectors: [m.name],
    kind: kindOf(m.type),
    sources: [sourceOf(m.name)],
  };
}

/** A component from its selectors: one kind for all of them, each metric in the catalogue. */
function declaredComponent(id: string, selectors: string[]): Component {
  const metrics = selectors.map((s) => metric(metricOf(s)));
  const kinds = new Set(metrics.map((m) => kindOf(m.type)));
  if (kinds.size > 1) throw new Error(`sums counters and gauges (${selectors.join(', ')})`);
  return {
    id,
    selectors,
    kind: [...kinds][0] as Component['kind'],
    sources: [...new Set(metrics.map((m) => sourceOf(m.name)))].sort(),
  };
}

/** Labels every metric of a component carries (a breakdown must be one of them). */
function labelsOfComponent(c: Component): string[] {
  const all = c.selectors.map((s) => metric(metricOf(s)).labels);
  return (all[0] ?? []).filter((l) => all.every((labels) => labels.includes(l)));
}

/** A count alert that could page or ticket on a single item. */
function singleItemProblem(where: string, o: CountAlert): string[] {
  return o.severity !== 'notify' && o.above < 1
    ? [
        `${where}: ${o.severity} above ${o.above}: a single item is a dispatch notification (severity notify), not a ${o.severity}`,
      ]
    : [];
}

function kindOf(type: string): Component['kind'] {
  return type === 'gauge' ? 'gauge' : 'counter';
}

function sourceOf(name: string): string {
  const source = metric(name).source;
  if (!source) throw new Error(`metric ${name} has no refresh query family (source) in the catalogue`);
  return source;
}

/** Reads, validates and resolves the declaration; throws with every problem found. */
export function loadTargets(text = readFileSync(TARGETS_FILE, 'utf8')): Targets {
  const raw = targetsSchema.parse(parse(text));
  const problems: string[] = [];
  const components = new Map<string, Component>();
  for (const [id, declared] of Object.entries(raw.components)) {
    try {
      components.set(id, declaredComponent(id, typeof declared === 'string' ? [declared] : declared));
    } catch (error) {
      problems.push(`components.${id}: ${(error as Error).message}`);
    }
  }
  const component = (kpi: string, id: string): Component => {
    const found = components.get(id);
    if (!found) problems.push(`kpi ${kpi}: unknown component ${id}`);
    return found ?? { id, selectors: [id], kind: 'counter', sources: [] };
  };
  const timerPart = (kpi: string, timer: string, part: 'late' | 'due' | 'completed' | 'seconds') => {
    try {
      const c = timerComponent(timer, part);
      components.set(c.id, c);
      return c;
    } catch (error) {
      problems.push(`kpi ${kpi}: ${(error as Error).message}`);
      return { id: `${timer}_${part}`, selectors: [timer], kind: 'counter' as const, sources: [] };
    }
  };
  const alertWindows = (k: KpiDeclaration): string[] => {
    const windows: string[] = [];
    const burn = k.alerts.burn_rate;
    if (burn) {
      for (const s of burn.severities) for (const w of raw.burn_rate[s]) windows.push(w.long, w.short);
      // the SLO view's burn rates and the budget remaining over the SLO period
      windows.push(...SLO_VIEW_WINDOWS, raw.slo_period);
    }
    if (k.alerts.surge) windows.push(k.alerts.surge.window, k.alerts.surge.baseline);
    if (k.alerts.threshold) windows.push(k.alerts.threshold.window);
    return windows;
  };

  const kpis: Kpi[] = raw.kpis.map((k) => {
    const [numerator, denominator] =
      k.timer === undefined
        ? [component(k.id, k.numerator as string), component(k.id, k.denominator as string)]
        : k.measure === 'mean'
          ? [timerPart(k.id, k.timer, 'seconds'), timerPart(k.id, k.timer, 'completed')]
          : [timerPart(k.id, k.timer, 'late'), timerPart(k.id, k.timer, 'due')];
    const ascending = (ws: string[]) => [...new Set(ws)].sort((a, b) => seconds(a) - seconds(b));
    const windows = ascending(raw.record_windows);
    const regionWindows = ascending(alertWindows(k)).filter((w) => !windows.includes(w));
    return {
      ...k,
      numerator,
      denominator,
      windows,
      regionWindows,
    };
  });

  const ids = new Set<string>();
  for (const k of kpis) {
    if (ids.has(k.id)) problems.push(`kpi ${k.id}: declared twice`);
    ids.add(k.id);
    if (k.show === 'complement' && k.target >= 1)
      problems.push(`kpi ${k.id}: a complement target is below 1`);
    const burn = k.alerts.burn_rate;
    if (burn && k.scale !== 1) problems.push(`kpi ${k.id}: burn rates need a share (scale 1)`);
    for (const s of k.scale === 1 ? (burn?.severities ?? []) : []) {
      for (const w of raw.burn_rate[s]) {
        // a threshold of 100 % or more can never be crossed: the alert would be dead code
        if (w.factor * errorBudget(k) >= 1) {
          problems.push(
            `kpi ${k.id}: ${s} burn rate ${w.factor}× of a ${errorBudget(k)} budget is ≥ 100 %; raise the target`,
          );
        }
      }
    }
    if (burn && k.denominator.kind !== 'counter')
      problems.push(`kpi ${k.id}: burn rates need a counter denominator`);
    if (k.alerts.overdue && !k.timer) problems.push(`kpi ${k.id}: overdue alerts need a timer`);
    for (const o of k.alerts.overdue ?? []) problems.push(...singleItemProblem(`kpi ${k.id}: overdue`, o));
    for (const c of [k.numerator, k.denominator]) {
      if (c.sources.length > 0 && !labelsOfComponent(c).includes(k.by))
        problems.push(`kpi ${k.id}: by ${k.by}: ${c.id} has no label ${k.by}`);
    }
    if (k.page_in && !(k.page_in in raw.paging_hours))
      problems.push(`kpi ${k.id}: page_in ${k.page_in} is not declared in paging_hours`);
    for (const w of [...k.windows, ...k.regionWindows]) {
      if (isLongWindow(w) && seconds(w) % 3600 !== 0)
        problems.push(
          `kpi ${k.id}: window ${w} of a day or more must be whole hours (built from hourly increases)`,
        );
    }
  }
  problems.push(...familyProblems(kpis));
  const figures: Figure[] = raw.figures.map((f) => {
    const c = component(`figure ${f.id}`, f.gauge);
    if (c.sources.length > 0 && c.kind !== 'gauge')
      problems.push(`figure ${f.id}: ${f.gauge} is not a gauge`);
    if (c.sources.length > 0 && !labelsOfComponent(c).includes(f.by))
      problems.push(`figure ${f.id}: by ${f.by}: ${c.id} has no label ${f.by}`);
    for (const o of f.alerts) problems.push(...singleItemProblem(`figure ${f.id}: alert`, o));
    if (ids.has(f.id)) problems.push(`figure ${f.id}: its id is taken`);
    ids.add(f.id);
    return { ...f, component: c };
  });
  if (problems.length > 0) throw new Error(`${TARGETS_FILE}:\n  ${problems.join('\n  ')}`);
  return { ...raw, components: [...components.values()], kpis, figures };
}

/** KPIs of one heat-map family share one panel, so they must agree on everything but the timer. */
function familyProblems(kpis: Kpi[]): string[] {
  const problems: string[] = [];
  for (const members of Object.values(groupByFamily(kpis))) {
    const [first, ...rest] = members;
    for (const k of rest) {
      for (const key of ['direction', 'target', 'by', 'show', 'measure', 'scale'] as const) {
        if (k[key] !== first?.[key])
          problems.push(`family ${k.family}: ${k.id} and ${first?.id} differ in ${key}`);
      }
      if (!k.timer || !first?.timer) problems.push(`family ${k.family}: only SLA-timer KPIs share a panel`);
    }
  }
  return problems;
}

export function groupByFamily(kpis: Kpi[]): Record<string, Kpi[]> {
  const families: Record<string, Kpi[]> = {};
  for (const k of kpis) if (k.family) (families[k.family] ??= []).push(k);
  return families;
}
