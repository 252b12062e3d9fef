import { DashboardLinkBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { timerNames } from '../catalog';
import type { Kpi, Targets } from '../slo';
import { dashboardPath } from './links';
import { figureStat } from './overdue';
import { countStat, dashboard, kpiStat, row } from './panels';
import { figureExpr, isRunRate, kpiExpr, overdueMetric, overduePageAt, overdueRowTimers } from './series';
import { durationName, say, type Surface } from './surface';

export function nineRates(targets: Targets): Kpi[] {
  return targets.kpis
    .filter((k) => k.nine_rates !== undefined)
    .sort((a, b) => (a.nine_rates as number) - (b.nine_rates as number));
}

/** Wall figures are read from across the room: a large value, a legible title. */
const WALL_STAT = { w: 8, h: 6 };
const WALL_COUNT = { w: 6, h: 4 };
const TEXT = new common.VizTextDisplayOptionsBuilder().titleSize(28).valueSize(64);

/**
 * The management wall: the nine rates month to date against target, the live outage and sensitive-
 * customer figures, and what is overdue right now.
 * Large figures, Chinese labels, no variables: open it with `?kiosk` on the TV. Every figure links to
 * its heat map; everything else is one click away in the dashboard links.
 */
export function wallDashboard(s: Surface) {
  const toHeatmaps = new DashboardLinkBuilder(say(s, 'heatmaps'))
    .url(`${dashboardPath('heatmaps')}?\${__url_time_range}`)
    .targetBlank(false);
  return dashboard(s, 'wall', (d: DashboardBuilder) => {
    d.description(say(s, 'wall_description')).time({ from: 'now/M', to: 'now' }).refresh('1m');
    d.withRow(row(say(s, 'nine_rates_mtd')));
    for (const k of nineRates(s.targets)) {
      const notes = [say(s, 'over_range'), say(s, 'at_risk')];
      if (isRunRate(k)) notes.push(say(s, 'run_rate', { period: durationName(s, s.targets.slo_period) }));
      const expr = kpiExpr(s.targets, k, { level: 'overall' });
      d.withPanel(kpiStat(s, k, expr, WALL_STAT, notes).text(TEXT).dataLinks([toHeatmaps]));
    }
    const live = s.targets.figures.filter((f) => f.wall);
    if (live.length > 0) d.withRow(row(say(s, 'live_now')));
    for (const f of live) d.withPanel(figureStat(s, f, figureExpr(f), WALL_COUNT).text(TEXT));
    d.withRow(row(say(s, 'overdue_now')));
    for (const timer of overdueRowTimers(s.targets, live)) {
      const title = timerNames(timer).overdue[s.language];
      const breach = overduePageAt(s.targets, timer);
      d.withPanel(countStat(s, title, `sum(${overdueMetric(timer)})`, WALL_COUNT, { breach }).text(TEXT));
    }
    return d;
  });
}
