import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { timerNames } from '../catalog';
import type { Figure } from '../slo';
import { COLOURS, countStat, row, steps } from './panels';
import { inSubtree } from './regions';
import { figureExpr, overdueMetric, overduePageAt, overdueRowTimers } from './series';
import { say, type Surface } from './surface';

/** A figure's stat: amber from its notification, vermilion from its page; neutral when it alerts on nothing. */
export function figureStat(s: Surface, f: Figure, expr: string, size: { w: number; h: number }) {
  const from = (severity: string) => {
    const found = f.alerts.filter((o) => o.severity === severity).map((o) => o.above + 1);
    return found.length > 0 ? Math.min(...found) : undefined;
  };
  const stat = countStat(s, s.language === 'zh' ? f.zh : f.title, expr, size, {
    atRisk: from('notify') ?? from('ticket'),
    breach: from('page'),
  });
  if (f.unit === 'yuan') stat.unit('currencyCNY');
  return f.alerts.length > 0 ? stat : stat.thresholds(steps([{ value: null, color: COLOURS.neutral }]));
}

/** Every figure now in the selected region and below. */
export function withFiguresNow(d: DashboardBuilder, s: Surface): void {
  const figures = s.targets.figures;
  if (figures.length === 0) return;
  d.withRow(row(say(s, 'figures_now')));
  for (const f of figures) {
    d.withPanel(
      figureStat(s, f, figureExpr(f, inSubtree), { w: Math.max(3, Math.floor(24 / figures.length)), h: 3 }),
    );
  }
}

/** The "overdue now" row: one count per SLA timer in the selected region and below, amber at its page. */
export function withOverdueNow(d: DashboardBuilder, s: Surface, live: Figure[] = []): void {
  d.withRow(row(say(s, 'overdue_now')));
  const timers = overdueRowTimers(s.targets, live);
  const w = Math.max(3, Math.floor(24 / timers.length));
  for (const timer of timers) {
    d.withPanel(
      countStat(
        s,
        timerNames(timer).overdue[s.language],
        `sum(${inSubtree(overdueMetric(timer))})`,
        { w, h: 3 },
        { breach: overduePageAt(s.targets, timer) },
      ),
    );
  }
}
