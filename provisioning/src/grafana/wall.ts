import { OVERDUE_NAMES } from '@service-kpi-monitor/catalog';
import { DashboardLinkBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import type { Kpi, Targets } from '../slo';
import { dashboardPath } from './links';
import { countStat, dashboard, kpiStat, row } from './panels';
import { isRunRate, kpiExpr, overdueMetric, overduePageAt, overdueTimers } from './series';
import { durationName, named, say, type Surface } from './surface';

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
 * The management wall: the nine rates month to date against target, and what is overdue right now.
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
    d.withRow(row(say(s, 'overdue_now')));
    for (const timer of overdueTimers(s.targets)) {
      const title = named(s, OVERDUE_NAMES, timer, 'OVERDUE_NAMES');
      d.withPanel(
        countStat(title, `sum(${overdueMetric(timer)})`, WALL_COUNT, overduePageAt(s.targets, timer)).text(
          TEXT,
        ),
      );
    }
    return d;
  });
}
