import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Root of the provisioning workspace (src/ and test/ sit one level below it). */
export const PROVISIONING_DIR = join(__dirname, '..');
export const TARGETS_FILE = join(PROVISIONING_DIR, 'slo', 'targets.yml');

const duration = z.string().regex(/^\d+[smhd]$/, 'a Prometheus duration such as 5m, 1h, 30d');
const severity = z.enum(['page', 'ticket']);
const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');

const burnRateWindow = z.object({ long: duration, short: duration, factor: z.number().positive() });

const kpiAlerts = z
  .object({
    burn_rate: z.object({ severities: z.array(severity).min(1), min_events: z.number().int().positive() }),
    overdue: z.array(z.object({ severity, above: z.number().int().nonnegative(), for: duration }).strict()),
    surge: z
      .object({
        window: duration,
        baseline: duration,
        factor: z.number().gt(1),
        min_events: z.number().int().positive(),
        severity,
        for: duration,
      })
      .strict(),
    threshold: z
      .object({
        window: duration,
        above: z.number().positive(),
        min_events: z.number().int().positive(),
        severity,
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
    by: z.enum(['segment', 'kind']).default('segment'),
    scale: z.number().positive().default(1),
    show: z.enum(['ratio', 'complement']).default('ratio'),
    family: identifier.optional(),
    direction: z.enum(['higherIsBetter', 'lowerIsBetter']),
    target: z.number().positive(),
    alerts: kpiAlerts.default({}),
  })
  .strict()
  .refine((k) => (k.timer === undefined) !== (k.numerator === undefined && k.denominator === undefined), {
    message: 'a KPI has either `timer` or both `numerator` and `denominator`',
  })
  .refine((k) => k.timer !== undefined || (k.numerator !== undefined && k.denominator !== undefined), {
    message: 'a ratio KPI needs both `numerator` and `denominator`',
  });

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
    components: z.record(identifier, z.string().min(1)),
    kpis: z.array(kpiSchema).min(1),
  })
  .strict();

export type Severity = z.infer<typeof severity>;
export type BurnRateWindow = z.infer<typeof burnRateWindow>;
export type KpiAlerts = z.infer<typeof kpiAlerts>;
type KpiDeclaration = z.infer<typeof kpiSchema>;

/** A numerator or denominator: what the rules sum, at every level. */
export interface Component {
  /** `crm_…` without `_total`: the metric part of the recorded names */
  id: string;
  /** the PromQL selector of the exporter's series */
  selector: string;
  /** counters are windowed with increase(); gauges (crm_customers) are taken as they are */
  kind: 'counter' | 'gauge';
}

export interface Kpi extends Omit<KpiDeclaration, 'numerator' | 'denominator'> {
  numerator: Component;
  denominator: Component;
  /** windows the KPI is recorded over at every level, ascending */
  windows: string[];
  /** further windows only its alerts read, recorded at region level only, ascending */
  regionWindows: string[];
}

export interface Targets extends Omit<z.infer<typeof targetsSchema>, 'kpis' | 'components'> {
  components: Component[];
  kpis: Kpi[];
}

const GAUGES = new Set(['crm_customers', 'crm_customers_sensitive']);

export function seconds(d: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[d.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return Number(d.slice(0, -1)) * unit;
}

/** The budget of errors a KPI may spend, as a share of its denominator (its recorded ratio's limit). */
export function errorBudget(kpi: Kpi): number {
  // rounded: 1 − 0.9 is 0.09999999999999998 in floating point
  return Number((kpi.show === 'complement' ? 1 - kpi.target : kpi.target).toFixed(10));
}

function metricOf(selector: string): string {
  return selector.replace(/\{.*$/, '');
}

function timerComponents(timer: string): Component[] {
  return ['late', 'due', 'completed', 'seconds'].map((part) => ({
    id: `crm_${timer}_${part}`,
    selector: `crm_${timer}_${part}_total`,
    kind: 'counter' as const,
  }));
}

/** Reads, validates and resolves the declaration; throws with every problem found. */
export function loadTargets(text = readFileSync(TARGETS_FILE, 'utf8')): Targets {
  const raw = targetsSchema.parse(parse(text));
  const components = new Map<string, Component>();
  for (const [id, selector] of Object.entries(raw.components)) {
    components.set(id, { id, selector, kind: GAUGES.has(metricOf(selector)) ? 'gauge' : 'counter' });
  }
  for (const k of raw.kpis) {
    if (k.timer) for (const c of timerComponents(k.timer)) components.set(c.id, c);
  }
  const problems: string[] = [];
  const component = (kpi: string, id: string): Component => {
    const found = components.get(id);
    if (!found) problems.push(`kpi ${kpi}: unknown component ${id}`);
    return found ?? { id, selector: id, kind: 'counter' };
  };
  const alertWindows = (k: KpiDeclaration): string[] => {
    const windows: string[] = [];
    const burn = k.alerts.burn_rate;
    if (burn) {
      for (const s of burn.severities) for (const w of raw.burn_rate[s]) windows.push(w.long, w.short);
    }
    if (k.alerts.surge) windows.push(k.alerts.surge.window, k.alerts.surge.baseline);
    if (k.alerts.threshold) windows.push(k.alerts.threshold.window);
    return windows;
  };

  const kpis: Kpi[] = raw.kpis.map((k) => {
    const [num, den] =
      k.timer === undefined
        ? [k.numerator as string, k.denominator as string]
        : k.measure === 'mean'
          ? [`crm_${k.timer}_seconds`, `crm_${k.timer}_completed`]
          : [`crm_${k.timer}_late`, `crm_${k.timer}_due`];
    const ascending = (ws: string[]) => [...new Set(ws)].sort((a, b) => seconds(a) - seconds(b));
    const windows = ascending(raw.record_windows);
    const regionWindows = ascending(alertWindows(k)).filter((w) => !windows.includes(w));
    return {
      ...k,
      numerator: component(k.id, num),
      denominator: component(k.id, den),
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
    for (const s of burn?.severities ?? []) {
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
  }
  problems.push(...familyProblems(kpis));
  if (problems.length > 0) throw new Error(`${TARGETS_FILE}:\n  ${problems.join('\n  ')}`);
  return { ...raw, components: [...components.values()], kpis };
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
