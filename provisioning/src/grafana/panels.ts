import type { Kpi } from '../slo';
import { DASHBOARDS, dashboardPath, type DashboardKey } from './links';

/** The provisioned Prometheus datasource (grafana/provisioning/datasources/prometheus.yml). */
export const DATASOURCE = { type: 'prometheus', uid: 'skm-prometheus' } as const;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
}

/** The subset of Grafana's panel model the dashboards use. */
export interface Panel {
  id?: number;
  type: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: typeof DATASOURCE;
  targets?: Target[];
  timeFrom?: string;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: Panel[];
}

/** Adds a label matcher to a selector: `crm_x_total` + `region="$region"` → `crm_x_total{region="$region"}`. */
/** How every stat panel shows its number: one big value, coloured by its thresholds. */
const STAT_OPTIONS = {
  reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
  colorMode: 'background',
  graphMode: 'none',
  textMode: 'value_and_name',
  justifyMode: 'center',
  orientation: 'auto',
};

export function withMatcher(selector: string, matcher: string | undefined): string {
  if (!matcher) return selector;
  return selector.includes('{') ? selector.replace(/}$/, `, ${matcher}}`) : `${selector}{${matcher}}`;
}

/**
 * The KPI as a dashboard shows it over `range` (e.g. `$__range`): summed numerator ÷ summed denominator,
 * scaled, complemented for "share on time" KPIs. `by` groups the sums; `matcher` filters the series.
 */
export function kpiExpr(kpi: Kpi, range: string, opts: { by?: string; matcher?: string } = {}): string {
  const agg = opts.by ? `sum by (${opts.by})` : 'sum';
  const part = (selector: string, kind: 'counter' | 'gauge') =>
    kind === 'gauge'
      ? `${agg} (${withMatcher(selector, opts.matcher)})`
      : `${agg} (increase(${withMatcher(selector, opts.matcher)}[${range}]))`;
  let expr = `${part(kpi.numerator.selector, kpi.numerator.kind)} / ${part(kpi.denominator.selector, kpi.denominator.kind)}`;
  if (kpi.scale !== 1) expr = `${expr} * ${kpi.scale}`;
  return kpi.show === 'complement' ? `1 - (${expr})` : expr;
}

export function unitOf(kpi: Kpi): string {
  if (kpi.measure === 'mean') return 's';
  return kpi.scale === 1 ? 'percentunit' : 'none';
}

/** Red beyond the target, green within it. */
export function thresholds(kpi: Kpi): Record<string, unknown> {
  const [below, above] = kpi.direction === 'higherIsBetter' ? ['red', 'green'] : ['green', 'red'];
  return {
    mode: 'absolute',
    steps: [
      { color: below, value: null },
      { color: above, value: kpi.target },
    ],
  };
}

export function kpiStat(kpi: Kpi, gridPos: GridPos, expr: string, extra: Partial<Panel> = {}): Panel {
  return {
    type: 'stat',
    title: kpi.title,
    description: `${kpi.zh}. Target ${kpi.direction === 'higherIsBetter' ? '≥' : '≤'} ${kpi.target}.`,
    gridPos,
    datasource: DATASOURCE,
    targets: [{ refId: 'A', expr, instant: true, range: false }],
    fieldConfig: {
      defaults: {
        unit: unitOf(kpi),
        decimals: kpi.scale === 1 && kpi.measure !== 'mean' ? 1 : 2,
        color: { mode: 'thresholds' },
        thresholds: thresholds(kpi),
        noValue: '–',
      },
      overrides: [],
    },
    options: { ...STAT_OPTIONS, wideLayout: true },
    ...extra,
  };
}

export function countStat(title: string, expr: string, gridPos: GridPos, redAbove = 0): Panel {
  return {
    type: 'stat',
    title,
    gridPos,
    datasource: DATASOURCE,
    targets: [{ refId: 'A', expr, instant: true, range: false }],
    fieldConfig: {
      defaults: {
        unit: 'none',
        decimals: 0,
        color: { mode: 'thresholds' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: redAbove + 1 },
          ],
        },
        noValue: '0',
      },
      overrides: [],
    },
    options: STAT_OPTIONS,
  };
}

export function timeseries(title: string, targets: Target[], gridPos: GridPos, unit: string): Panel {
  return {
    type: 'timeseries',
    title,
    gridPos,
    datasource: DATASOURCE,
    targets,
    fieldConfig: { defaults: { unit, custom: { lineWidth: 2, fillOpacity: 0 } }, overrides: [] },
    options: {
      legend: { displayMode: 'table', placement: 'right', showLegend: true },
      tooltip: { mode: 'multi' },
    },
  };
}

export function row(title: string, y: number): Panel {
  return { type: 'row', title, gridPos: { x: 0, y, w: 24, h: 1 }, collapsed: false, panels: [] };
}

/** Links to the other dashboards, keeping the time range (and the region where it means something). */
export function dashboardLinks(self: DashboardKey): Record<string, unknown>[] {
  return (Object.keys(DASHBOARDS) as DashboardKey[])
    .filter((k) => k !== self)
    .map((k) => ({
      title: DASHBOARDS[k].title,
      type: 'link',
      url: dashboardPath(k),
      keepTime: true,
      includeVars: k === 'region',
      icon: 'dashboard',
      targetBlank: false,
    }));
}

export interface Dashboard {
  uid: string;
  title: string;
  [key: string]: unknown;
}

/** Grafana's dashboard envelope with the project's defaults; panels get ids in order. */
export function dashboard(
  key: DashboardKey,
  fields: Record<string, unknown> & { panels: Panel[] },
): Dashboard {
  let id = 1;
  const panels = fields.panels.map((p) => ({ id: id++, ...p }));
  return {
    uid: DASHBOARDS[key].uid,
    title: DASHBOARDS[key].title,
    tags: ['service-kpi'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    graphTooltip: 1,
    links: dashboardLinks(key),
    annotations: { list: [] },
    templating: { list: [] },
    ...fields,
    panels,
  };
}

export function regionVariable(hide: 0 | 2 = 0): Record<string, unknown> {
  return {
    name: 'region',
    label: 'Region',
    type: 'query',
    datasource: DATASOURCE,
    query: { query: 'label_values(crm_customers, region)', refId: 'region' },
    definition: 'label_values(crm_customers, region)',
    refresh: 1,
    sort: 1,
    hide,
    includeAll: false,
    multi: false,
  };
}
