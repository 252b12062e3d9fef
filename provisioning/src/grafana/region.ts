import type { Targets } from '../slo';
import { heatmapPanel } from './heatmaps';
import {
  countStat,
  dashboard,
  kpiExpr,
  kpiStat,
  regionVariable,
  row,
  timeseries,
  type Dashboard,
  type Panel,
} from './panels';
import { overdueTimers } from './wall';
import { ratioRecord } from '../rules/names';

const REGION = 'region="$region"';

/**
 * One region: every KPI over the time range, what is overdue there now, the daily trend, and heat maps
 * of the region itself and of the regions below it (counties of a city, stations of a county when the
 * exporter labels stations). Set by the heat map's click and by the alerts' dashboard_url.
 */
export function regionDashboard(targets: Targets): Dashboard {
  const panels: Panel[] = [row('$region — this period', 0)];
  targets.kpis.forEach((k, i) => {
    panels.push(
      kpiStat(
        k,
        { x: (i % 6) * 4, y: 1 + Math.floor(i / 6) * 4, w: 4, h: 4 },
        kpiExpr(k, '$__range', { matcher: REGION }),
      ),
    );
  });
  const afterKpis = 1 + Math.ceil(targets.kpis.length / 6) * 4;
  panels.push(row('Overdue right now', afterKpis));
  const timers = overdueTimers(targets);
  timers.forEach(({ timer, title }, i) => {
    const w = Math.floor(24 / timers.length);
    panels.push(
      countStat(title, `sum(crm_${timer}_overdue{${REGION}})`, { x: i * w, y: afterKpis + 1, w, h: 3 }),
    );
  });
  const trendY = afterKpis + 4;
  panels.push(row('Trend and breakdown', trendY));
  const percent = targets.kpis.filter((k) => k.scale === 1 && k.measure !== 'mean');
  panels.push(
    timeseries(
      'Daily rates (sliding 24 h)',
      percent.map((k, i) => ({
        refId: String.fromCharCode(65 + i),
        expr:
          k.show === 'complement'
            ? `1 - ${ratioRecord('region', k, '1d')}{${REGION}}`
            : `${ratioRecord('region', k, '1d')}{${REGION}}`,
        legendFormat: k.title,
      })),
      { x: 0, y: trendY + 1, w: 24, h: 9 },
      'percentunit',
    ),
  );
  // the region and its children, by segment, for the two KPIs managers ask about first
  const byChildren = (p: Panel): Panel => ({
    ...p,
    targets: p.targets?.map((t) => ({
      ...t,
      expr: t.expr.replace(
        'group_left (name) crm_region_info',
        `group_left (name) (crm_region_info{${REGION}} or crm_region_info{parent="$region"})`,
      ),
    })),
  });
  const pick = (id: string) => targets.kpis.find((k) => k.id === id);
  [pick('repair_arrival_late'), pick('work_order_timeout')].forEach((k, i) => {
    if (k)
      panels.push(
        byChildren(
          heatmapPanel(k, `${k.title}: $region and below`, { x: i * 12, y: trendY + 10, w: 12, h: 10 }),
        ),
      );
  });
  return dashboard('region', {
    description: 'One region: its KPIs, overdue items, trend and the regions below it.',
    time: { from: 'now/M', to: 'now' },
    refresh: '1m',
    templating: { list: [regionVariable(0)] },
    panels,
  });
}
