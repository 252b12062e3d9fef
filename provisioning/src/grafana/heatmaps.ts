import { FAMILY_NAMES, LABEL_NAMES } from '@service-kpi-monitor/catalog';
import {
  CustomVariableBuilder,
  DashboardLinkBuilder,
  FieldColorBuilder,
  FieldColorModeId,
  PanelBuilder,
  TextBoxVariableBuilder,
  VariableHide,
  type DashboardBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { defaultOptions, type HeatmapOptions } from '../../../grafana-plugin/src/types';
import { groupByFamily, type Figure, type Kpi } from '../slo';
import { dashboardPath } from './links';
import { DATASOURCE, dashboard, kpiThresholds, queries, unitOf } from './panels';
import { regionVariable } from './variables';
import { componentOver, isRunRate, metric, runRateFactor } from './series';
import { componentRecord, type Level } from '../rules/names';
import { durationName, kpiName, kpiTarget, labelValueMappings, named, say, type Surface } from './surface';

export const HEATMAP_PANEL = 'servicekpi-heatmap-panel';

export interface HeatmapQuery {
  /** rewrites each count vector (labelled by region and the breakdown) into the rows wanted */
  rows?: (vector: string) => string;
  /** the `crm_region_info` selector naming the rows */
  names?: string;
  /** the variable naming the timer of a family's panel, e.g. `service_timeliness` */
  timerVariable?: string;
  /** said in the panel's description after the KPI's own notes */
  note?: string;
}

/**
 * Numerator (A) and denominator (B) by region and the breakdown over the dashboard's range, from the
 * recorded hourly series; C: crm_region_info, the rows' display names.
 */
function heatmapQueries(s: Surface, kpi: Kpi, q: HeatmapQuery) {
  const level = `region_${kpi.by}` as Level;
  const byTimer = (expr: string) =>
    q.timerVariable && kpi.timer ? expr.replaceAll(`crm_${kpi.timer}_`, `crm_\${${q.timerVariable}}_`) : expr;
  const count = (c: Kpi['numerator']) => {
    const vector = byTimer(componentOver(level, c, { range: true }));
    return `sum by (region, ${kpi.by}) (${q.rows ? q.rows(vector) : vector})`;
  };
  return queries([
    {
      expr: count(kpi.numerator) + runRateFactor(s.targets, kpi),
      legend: '{{region}} {{' + kpi.by + '}}',
      instant: true,
    },
    { expr: count(kpi.denominator), legend: '{{region}} {{' + kpi.by + '}}', instant: true },
    { expr: q.names ?? metric('crm_region_info'), legend: '{{name}}', instant: true },
  ]);
}

/** The heat-map panel of a KPI: rows regions, columns its breakdown, coloured against its target. */
export function heatmapPanel(s: Surface, kpi: Kpi, title: string, q: HeatmapQuery = {}): PanelBuilder {
  const options: HeatmapOptions = {
    ...defaultOptions,
    rowDimension: 'region',
    columnDimension: kpi.by,
    rowDisplayLabel: 'name',
    columnDisplayLabel: '',
    mode: 'ratio',
    numeratorRefId: 'A',
    denominatorRefId: 'B',
    scale: kpi.scale,
    complement: kpi.show === 'complement',
    reducer: 'lastNotNull',
    valueTotal: 'sum',
    direction: kpi.direction,
    target: kpi.measure === 'mean' ? undefined : kpi.target,
    minDenominator: kpi.alerts.burn_rate?.min_events ?? 5,
    rowOrder: 'value',
    columnOrder: 'total',
    rowVariable: 'region',
    columnVariable: kpi.by === 'segment' ? 'segment' : '',
    language: s.language,
  };
  const notes = [kpiTarget(s, kpi), say(s, 'heatmap_cell')];
  if (isRunRate(kpi)) notes.push(say(s, 'run_rate', { period: durationName(s, s.targets.slo_period) }));
  if (kpi.measure === 'mean') notes.push(say(s, 'mean_limits'));
  if (q.note) notes.push(q.note);
  return new PanelBuilder()
    .type(HEATMAP_PANEL)
    .title(title)
    .description(notes.join(' '))
    .datasource(DATASOURCE)
    .targets(heatmapQueries(s, kpi, q))
    .unit(unitOf(kpi))
    .decimals(1)
    .thresholds(kpiThresholds(kpi))
    .mappings(labelValueMappings(s, [kpi.by]))
    .dataLinks([drillDownLink(s)])
    .options(options);
}

/** The drill-down on a cell's click. */
function drillDownLink(s: Surface): DashboardLinkBuilder {
  return new DashboardLinkBuilder(say(s, 'drill_down_link'))
    .url(`${dashboardPath('region')}?var-region=\${region}&\${__url_time_range}`)
    .targetBlank(false);
}

/** A figure's heat map (value mode): its recorded gauge now, by region × its breakdown, summed in totals. */
export function figureHeatmapPanel(s: Surface, f: Figure): PanelBuilder {
  const by = LABEL_NAMES[f.by][s.language];
  const options: HeatmapOptions = {
    ...defaultOptions,
    rowDimension: 'region',
    columnDimension: f.by,
    rowDisplayLabel: 'name',
    columnDisplayLabel: '',
    mode: 'value',
    valueTotal: 'sum',
    direction: 'lowerIsBetter',
    target: undefined,
    rowOrder: 'value',
    columnOrder: 'code',
    rowVariable: 'region',
    columnVariable: f.by === 'segment' ? 'segment' : '',
    language: s.language,
  };
  const record = componentRecord(`region_${f.by}` as Level, f.component, '');
  return (
    new PanelBuilder()
      .type(HEATMAP_PANEL)
      .title(s.language === 'zh' ? f.zh : f.title)
      .description(say(s, 'figure_cell', { by }))
      .datasource(DATASOURCE)
      .targets(
        queries([
          { expr: `sum by (region, ${f.by}) (${record})`, legend: `{{region}} {{${f.by}}}`, instant: true },
          { expr: metric('crm_region_info'), legend: '{{name}}', instant: true },
        ]),
      )
      .unit(f.unit === 'yuan' ? 'currencyCNY' : 'none')
      .decimals(0)
      // no target: blue for the least, red for the most, by position
      .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.ContinuousBlYlRd))
      .mappings(labelValueMappings(s, [f.by]))
      .dataLinks([drillDownLink(s)])
      .options(options)
  );
}

/** The variable a family's panel reads its timer from: text the KPI's name, value its timer. */
function familyVariable(s: Surface, family: string, members: Kpi[]): CustomVariableBuilder {
  const options = members.map((k, i) => ({
    text: kpiName(s, k),
    value: k.timer as string,
    selected: i === 0,
  }));
  return new CustomVariableBuilder(family)
    .label(named(s, FAMILY_NAMES, family, 'FAMILY_NAMES'))
    .values(members.map((k) => `${kpiName(s, k)} : ${k.timer}`).join(','))
    .current({ text: options[0]?.text ?? '', value: options[0]?.value ?? '' })
    .options(options)
    .multi(false)
    .includeAll(false)
    .hide(VariableHide.DontHide);
}

/**
 * One heat map per KPI family (region rows × segment or kind columns); a family of SLA timers shares a
 * panel whose timer a variable picks. Clicking a cell sets `region` (and `segment`); the data link opens
 * the region drill-down.
 */
export function heatmapsDashboard(s: Surface) {
  const families = groupByFamily(s.targets.kpis);
  const placed = new Set<string>();
  return dashboard(s, 'heatmaps', (d: DashboardBuilder) => {
    d.description(say(s, 'heatmaps_description')).time({ from: 'now/M', to: 'now' }).refresh('5m');
    for (const kpi of s.targets.kpis) {
      if (placed.has(kpi.id)) continue;
      const members = kpi.family ? (families[kpi.family] as Kpi[]) : [kpi];
      members.forEach((m) => placed.add(m.id));
      const shared = kpi.family !== undefined && members.length > 1;
      if (shared) d.withVariable(familyVariable(s, kpi.family as string, members));
      const title = shared ? `\${${kpi.family}:text}` : kpiName(s, kpi);
      const panel = heatmapPanel(s, kpi, title, shared ? { timerVariable: kpi.family } : {});
      d.withPanel(panel.span(12).height(12));
    }
    for (const f of s.targets.figures.filter((x) => x.heatmap))
      d.withPanel(figureHeatmapPanel(s, f).span(12).height(12));
    return d
      .withVariable(regionVariable(s, VariableHide.HideVariable))
      .withVariable(new TextBoxVariableBuilder('segment').hide(VariableHide.HideVariable));
  });
}
