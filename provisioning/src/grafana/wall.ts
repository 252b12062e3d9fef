import { ratioRecord } from '../rules/names';
import type { Kpi, Targets } from '../slo';
import {
  countStat,
  dashboard,
  kpiExpr,
  kpiStat,
  row,
  timeseries,
  type Dashboard,
  type Panel,
} from './panels';

export function nineRates(targets: Targets): Kpi[] {
  return targets.kpis
    .filter((k) => k.nine_rates !== undefined)
    .sort((a, b) => (a.nine_rates as number) - (b.nine_rates as number));
}

/** Timers with an "overdue right now" gauge, in declaration order. */
export function overdueTimers(targets: Targets): { timer: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const k of targets.kpis)
    if (k.timer && k.measure === 'late_share' && !seen.has(k.timer)) seen.set(k.timer, k.title);
  return [...seen].map(([timer, title]) => ({ timer, title }));
}

const OVERDUE_TITLES: Record<string, string> = {
  work_order_closure: 'Work orders',
  repair_arrival: 'Crews late on site',
  repair_restoration: 'Restorations late',
  outage_notice: 'Notices due',
  outage_info_report: 'Outage info',
  restoration_info_report: 'Restoration info',
  planned_outage_restoration: 'Planned outages overrunning',
  connection: 'Connections',
};

/**
 * The management wall: the nine rates this month so far ($__range of "now/M → now") and today
 * (panel time "now/d"), what is overdue right now, and the month's daily trend. Big stats, auto-refresh,
 * no variables: open it with `?kiosk` on the TV.
 */
export function wallDashboard(targets: Targets): Dashboard {
  const rates = nineRates(targets);
  const panels: Panel[] = [row('The nine rates — this month so far', 0)];
  rates.forEach((k, i) => {
    panels.push(
      kpiStat(k, { x: (i % 3) * 8, y: 1 + Math.floor(i / 3) * 4, w: 8, h: 4 }, kpiExpr(k, '$__range')),
    );
  });
  panels.push(row('Today', 13));
  rates.forEach((k, i) => {
    const w = i < 6 ? 4 : 8;
    const x = i < 6 ? i * 4 : (i - 6) * 8;
    panels.push(
      kpiStat(k, { x, y: 14 + (i < 6 ? 0 : 3), w, h: 3 }, kpiExpr(k, '$__range'), { timeFrom: 'now/d' }),
    );
  });
  panels.push(row('Overdue right now', 20));
  overdueTimers(targets).forEach(({ timer }, i, all) => {
    const w = Math.floor(24 / all.length);
    panels.push(
      countStat(OVERDUE_TITLES[timer] ?? timer, `sum(crm_${timer}_overdue)`, { x: i * w, y: 21, w, h: 3 }),
    );
  });
  panels.push(row('Trend: day by day', 24));
  const percentRates = rates.filter((k) => k.scale === 1);
  panels.push(
    timeseries(
      'Daily rates (sliding 24 h)',
      percentRates.map((k, i) => ({
        refId: String.fromCharCode(65 + i),
        expr:
          k.show === 'complement'
            ? `1 - ${ratioRecord('overall', k, '1d')}`
            : ratioRecord('overall', k, '1d'),
        legendFormat: k.title,
      })),
      { x: 0, y: 25, w: 16, h: 8 },
      'percentunit',
    ),
  );
  const per10k = rates.filter((k) => k.scale !== 1);
  panels.push(
    timeseries(
      'Complaints per 10k customers (sliding 24 h)',
      per10k.map((k, i) => ({
        refId: String.fromCharCode(65 + i),
        expr: ratioRecord('overall', k, '1d'),
        legendFormat: k.title,
      })),
      { x: 16, y: 25, w: 8, h: 8 },
      'none',
    ),
  );
  return dashboard('wall', {
    description: 'The nine rates against their targets, month to date and today; overdue right now.',
    time: { from: 'now/M', to: 'now' },
    refresh: '1m',
    panels,
  });
}
