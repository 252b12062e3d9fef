import { LABEL_VALUES } from '@service-kpi-monitor/catalog';
import { VariableHide, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Kpi } from '../slo';
import { heatmapPanel } from './heatmaps';
import { dashboard, kpiStat, row, timeseries } from './panels';
import { childRows, inSubtree } from './regions';
import { isRunRate, kpiExpr, metric } from './series';
import { durationName, kpiName, say, type Surface } from './surface';
import { withFiguresNow, withOverdueNow } from './overdue';
import { levelVariable, regionVariable } from './variables';

/** The KPIs whose heat maps of the regions below the drill-down shows: the ones managers ask about first. */
const CHILD_HEATMAPS = ['repair_arrival_late', 'work_order_timeout'];

/** A mean time by area class, each its own line: an urban limit is not a remote one. */
function meanByAreaClass(s: Surface, kpi: Kpi) {
  const hourly = (name: string, areaClass: string) =>
    `sum(${inSubtree(`increase(${metric(name)}{area_class="${areaClass}"}[1h])`)})`;
  // a mean is a timer's seconds ÷ completed: one metric each
  const [num, den] = [kpi.numerator.selectors[0] as string, kpi.denominator.selectors[0] as string];
  return timeseries(
    say(s, 'mean_by_area', { kpi: kpiName(s, kpi) }),
    Object.entries(LABEL_VALUES.area_class ?? {}).map(([code, name]) => ({
      expr: `${hourly(num, code)} / ${hourly(den, code)}`,
      legend: name[s.language],
    })),
    { w: 12, h: 8 },
    's',
  ).description(say(s, 'mean_limits'));
}

/**
 * One region and everything below it (`$region` at any level of the tree): every KPI over the time
 * range, what is overdue there now, the daily trend, mean times by area class and heat maps of the
 * regions directly below. Set by the heat map's click and by alert links.
 */
export function regionDashboard(s: Surface) {
  const { targets } = s;
  return dashboard(s, 'region', (d: DashboardBuilder) => {
    d.description(say(s, 'region_description')).time({ from: 'now/M', to: 'now' }).refresh('1m');
    d.withVariable(levelVariable(s)).withVariable(regionVariable(s, VariableHide.DontHide, true));
    d.withRow(row(say(s, 'region_kpis')));
    for (const k of targets.kpis) {
      const notes = [say(s, 'over_range')];
      if (isRunRate(k)) notes.push(say(s, 'run_rate', { period: durationName(s, targets.slo_period) }));
      if (k.measure === 'mean') notes.push(say(s, 'mean_limits'));
      d.withPanel(
        kpiStat(s, k, kpiExpr(targets, k, { level: 'region', scope: inSubtree }), { w: 4, h: 4 }, notes),
      );
    }
    withFiguresNow(d, s);
    withOverdueNow(d, s, targets.figures);
    d.withRow(row(say(s, 'region_trend')));
    const daily = (k: Kpi) => ({
      expr: kpiExpr(targets, k, { level: 'region', span: { window: '1d' }, scope: inSubtree }),
      legend: kpiName(s, k),
    });
    const shares = targets.kpis.filter((k) => k.scale === 1 && k.measure !== 'mean');
    d.withPanel(timeseries(say(s, 'daily_rates'), shares.map(daily), { w: 16, h: 9 }, 'percentunit'));
    d.withPanel(
      timeseries(say(s, 'daily_per10k'), targets.kpis.filter(isRunRate).map(daily), { w: 8, h: 9 }, 'none'),
    );
    for (const k of targets.kpis.filter((k) => k.measure === 'mean')) d.withPanel(meanByAreaClass(s, k));
    d.withRow(row(say(s, 'children')));
    for (const id of CHILD_HEATMAPS) {
      const k = targets.kpis.find((x) => x.id === id);
      if (!k) throw new Error(`dashboards: the drill-down's heat map of ${id} needs that KPI in targets.yml`);
      const panel = heatmapPanel(s, k, say(s, 'children_heatmap', { kpi: kpiName(s, k) }), {
        rows: (v) => childRows(v, [k.by]),
        names: `${metric('crm_region_info')}{parent="$region"}`,
        note: say(s, 'children_note'),
      });
      d.withPanel(panel.span(12).height(10));
    }
    return d;
  });
}
