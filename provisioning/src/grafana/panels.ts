import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type Threshold,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Kpi } from '../slo';
import { DASHBOARDS, dashboardPath, type DashboardKey } from './links';
import { kpiName, kpiTarget, round, say, type Surface } from './surface';

/** The provisioned Prometheus datasource (grafana/provisioning/datasources/prometheus.yml). */
export const DATASOURCE = { type: 'prometheus', uid: 'skm-prometheus' };

/**
 * Okabe–Ito colours, told apart with every common colour-vision deficiency: blue within target, amber
 * at risk (most of the error budget spent), vermilion beyond the target.
 */
export const COLOURS = { good: '#0072B2', atRisk: '#E69F00', breach: '#D55E00', neutral: '#56B4E9' } as const;

/** Share of the error budget (or of a "lower is better" target) spent from which a KPI shows amber. */
export const AT_RISK = 0.8;

export interface Query {
  expr: string;
  /** always set: a series without labels is otherwise named after its query */
  legend: string;
  /** an instant query (one value now); range otherwise */
  instant?: boolean;
}

export function queries(list: Query[]): DataqueryBuilder[] {
  return list.map((q, i) => {
    const b = new DataqueryBuilder()
      .refId(String.fromCharCode(65 + i))
      .datasource(DATASOURCE)
      .expr(q.expr)
      .legendFormat(q.legend);
    return q.instant ? b.instant() : b.range();
  });
}

export function steps(list: Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(list);
}

/** Blue within target, amber once most of the budget is spent, vermilion beyond the target. */
export function kpiThresholds(kpi: Kpi): ThresholdsConfigBuilder {
  if (kpi.measure === 'mean') return steps([{ value: null, color: COLOURS.neutral }]);
  if (kpi.direction === 'lowerIsBetter')
    return steps([
      { value: null, color: COLOURS.good },
      { value: round(kpi.target * AT_RISK), color: COLOURS.atRisk },
      { value: kpi.target, color: COLOURS.breach },
    ]);
  const best = kpi.scale; // a share on time reaches at most 100 %
  return steps([
    { value: null, color: COLOURS.breach },
    { value: kpi.target, color: COLOURS.atRisk },
    { value: round(kpi.target + (best - kpi.target) * (1 - AT_RISK)), color: COLOURS.good },
  ]);
}

/** Amber from `atRisk`, vermilion from `breach` if given (counts, ages, burn rates: more is worse). */
export function countThresholds(atRisk: number, breach?: number): ThresholdsConfigBuilder {
  return steps([
    { value: null, color: COLOURS.good },
    { value: atRisk, color: COLOURS.atRisk },
    ...(breach === undefined ? [] : [{ value: breach, color: COLOURS.breach }]),
  ]);
}

export function unitOf(kpi: Kpi): string {
  if (kpi.measure === 'mean') return 's';
  return kpi.scale === 1 ? 'percentunit' : 'none';
}

/** One big number, coloured by its thresholds; its legend is its name (never the query). */
export function stat(title: string, query: Query, size: { w: number; h: number }): StatBuilder {
  return new StatBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .targets(queries([{ ...query, instant: true }]))
    .span(size.w)
    .height(size.h)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.Value)
    .justifyMode(common.BigValueJustifyMode.Center)
    .orientation(common.VizOrientation.Auto)
    .wideLayout(true)
    .showPercentChange(false);
}

/** A KPI's stat: its name as the title, its target in the description, coloured against it. */
export function kpiStat(
  s: Surface,
  kpi: Kpi,
  expr: string,
  size: { w: number; h: number },
  notes: string[] = [],
): StatBuilder {
  return stat(kpiName(s, kpi), { expr, legend: kpiName(s, kpi) }, size)
    .description([kpiTarget(s, kpi), ...notes].join(' '))
    .unit(unitOf(kpi))
    .decimals(kpi.scale === 1 && kpi.measure !== 'mean' ? 1 : 2)
    .thresholds(kpiThresholds(kpi))
    .noValue(say(s, 'no_data'));
}

/**
 * A count right now (overdue items, customers without power): none is good, from `atRisk` (1 unless
 * given) amber, from `breach` on (where it pages) a breach. No series at all (a CRM without the
 * relation) says "no data", not 0.
 */
export function countStat(
  s: Surface,
  title: string,
  expr: string,
  size: { w: number; h: number },
  alert: { atRisk?: number; breach?: number } = {},
): StatBuilder {
  return stat(title, { expr, legend: title }, size)
    .unit('none')
    .decimals(0)
    .thresholds(countThresholds(alert.atRisk ?? 1, alert.breach))
    .noValue(say(s, 'no_data'));
}

export function timeseries(title: string, list: Query[], size: { w: number; h: number }, unit: string) {
  return new TimeseriesBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .targets(queries(list))
    .span(size.w)
    .height(size.h)
    .unit(unit)
    .lineWidth(2)
    .fillOpacity(0)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .showLegend(true)
        .calcs([]),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.None),
    );
}

export const row = (title: string) => new RowBuilder(title);

/** Links to the other dashboards in the top bar, keeping the time range (and the region and KPI). */
function dashboardLinks(s: Surface, self: DashboardKey): DashboardLinkBuilder[] {
  return (Object.keys(DASHBOARDS) as DashboardKey[])
    .filter((k) => k !== self)
    .map((k) =>
      new DashboardLinkBuilder(say(s, k))
        .type(DashboardLinkType.Link)
        .url(dashboardPath(k))
        .keepTime(true)
        .includeVars(k === 'region' || k === 'slo')
        .icon('dashboard')
        .tooltip('')
        .targetBlank(false)
        .asDropdown(false)
        .tags([]),
    );
}

/** Grafana's dashboard envelope with the project's defaults: uid, title and zone; panels get ids in order. */
export function dashboard(
  s: Surface,
  key: DashboardKey,
  build: (d: DashboardBuilder) => DashboardBuilder,
): Dashboard {
  const d = build(
    new DashboardBuilder(say(s, key))
      .uid(DASHBOARDS[key].uid)
      .tags(['service-kpi'])
      .timezone(s.timezone)
      .editable()
      .tooltip(DashboardCursorSync.Crosshair)
      .links(dashboardLinks(s, key)),
  ).build();
  d.panels?.forEach((p, i) => (p.id = i + 1));
  d.templating.list ??= [];
  d.annotations.list ??= [];
  return d;
}
