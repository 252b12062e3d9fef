import { OVERDUE_NAMES } from '@service-kpi-monitor/catalog';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { countStat, row } from './panels';
import { inSubtree } from './regions';
import { overdueMetric, overduePageAt, overdueTimers } from './series';
import { named, say, type Surface } from './surface';

/** The "overdue now" row: one count per SLA timer in the selected region and below, amber at its page. */
export function withOverdueNow(d: DashboardBuilder, s: Surface): void {
  d.withRow(row(say(s, 'overdue_now')));
  const timers = overdueTimers(s.targets);
  for (const timer of timers) {
    d.withPanel(
      countStat(
        named(s, OVERDUE_NAMES, timer, 'OVERDUE_NAMES'),
        `sum(${inSubtree(overdueMetric(timer))})`,
        { w: 24 / timers.length, h: 3 },
        overduePageAt(s.targets, timer),
      ),
    );
  }
}
