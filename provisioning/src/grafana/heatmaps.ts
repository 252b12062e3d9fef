import { groupByFamily, type Kpi, type Targets } from '../slo';
import { dashboardPath } from './links';
import { dashboard, DATASOURCE, regionVariable, type Dashboard, type Panel } from './panels';

/** The variable a family's panel reads its timer from, e.g. `${service_timeliness}`. */
function familyVariable(family: string, members: Kpi[]): Record<string, unknown> {
  const options = members.map((k, i) => ({ text: k.title, value: k.timer as string, selected: i === 0 }));
  return {
    name: family,
    label: family.replaceAll('_', ' '),
    type: 'custom',
    query: members.map((k) => `${k.title} : ${k.timer}`).join(','),
    current: { text: options[0]?.text, value: options[0]?.value },
    options,
    multi: false,
    includeAll: false,
    hide: 0,
  };
}

/** Numerator and denominator queries, by region and the breakdown, named from crm_region_info. */
function heatmapTargets(kpi: Kpi, timerVariable?: string) {
  const selector = (s: string) =>
    timerVariable ? s.replace(kpi.timer as string, `\${${timerVariable}}`) : s;
  const named = (expr: string) => `${expr} * on (region) group_left (name) crm_region_info`;
  const part = (s: string, kind: 'counter' | 'gauge') =>
    kind === 'gauge'
      ? `sum by (region, ${kpi.by}) (${selector(s)})`
      : `sum by (region, ${kpi.by}) (increase(${selector(s)}[$__range]))`;
  return [
    {
      refId: 'A',
      expr: named(part(kpi.numerator.selector, kpi.numerator.kind)),
      instant: true,
      range: false,
      format: 'time_series',
    },
    {
      refId: 'B',
      expr: named(part(kpi.denominator.selector, kpi.denominator.kind)),
      instant: true,
      range: false,
      format: 'time_series',
    },
  ];
}

export function heatmapPanel(
  kpi: Kpi,
  title: string,
  gridPos: Panel['gridPos'],
  timerVariable?: string,
): Panel {
  return {
    type: 'servicekpi-heatmap-panel',
    title,
    description: `${kpi.zh}. Σ numerator ÷ Σ denominator over the dashboard's time range; click a cell to drill down.`,
    gridPos,
    datasource: DATASOURCE,
    targets: heatmapTargets(kpi, timerVariable),
    fieldConfig: {
      defaults: {
        unit: kpi.measure === 'mean' ? 's' : kpi.scale === 1 ? 'percentunit' : 'none',
        decimals: 1,
        links: [
          {
            title: 'Region drill-down: ${region}',
            url: `${dashboardPath('region')}?var-region=\${region}&\${__url_time_range}`,
          },
        ],
      },
      overrides: [],
    },
    options: {
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
      target: kpi.target,
      minDenominator: kpi.alerts.burn_rate?.min_events ?? 5,
      showValues: true,
      showTotals: true,
      showLegend: true,
      rowOrder: 'value',
      columnOrder: 'total',
      customRowOrder: '',
      customColumnOrder: '',
      rowVariable: 'region',
      columnVariable: kpi.by === 'segment' ? 'segment' : '',
    },
  };
}

/**
 * One heat map per KPI family (region rows × segment or kind columns); a family of SLA timers shares a
 * panel whose timer a variable picks. Clicking a cell sets `region` (and `segment`); the data link opens
 * the region drill-down.
 */
export function heatmapsDashboard(targets: Targets): Dashboard {
  const families = groupByFamily(targets.kpis);
  const variables: Record<string, unknown>[] = [];
  const panels: Panel[] = [];
  const placed = new Set<string>();
  let slot = 0;
  const next = () => {
    const gridPos = { x: (slot % 2) * 12, y: Math.floor(slot / 2) * 12, w: 12, h: 12 };
    slot++;
    return gridPos;
  };
  for (const kpi of targets.kpis) {
    if (placed.has(kpi.id)) continue;
    const members = kpi.family ? (families[kpi.family] as Kpi[]) : [kpi];
    members.forEach((m) => placed.add(m.id));
    if (kpi.family && members.length > 1) {
      variables.push(familyVariable(kpi.family, members));
      panels.push(heatmapPanel(kpi, `\${${kpi.family}:text}`, next(), kpi.family));
    } else {
      panels.push(heatmapPanel(kpi, kpi.title, next()));
    }
  }
  variables.push(regionVariable(2), {
    name: 'segment',
    type: 'textbox',
    query: '',
    hide: 2,
  });
  return dashboard('heatmaps', {
    description: 'Every KPI by region and segment (or outage kind) against its SLA target.',
    time: { from: 'now/M', to: 'now' },
    refresh: '5m',
    templating: { list: variables },
    panels,
  });
}
