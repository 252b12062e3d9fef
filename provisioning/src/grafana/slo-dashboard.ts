import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  VariableHide,
  type DashboardBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import type { Severity, Targets } from '../slo';
import {
  AT_RISK,
  COLOURS,
  steps,
  countThresholds,
  dashboard,
  DATASOURCE,
  queries,
  row,
  stat,
  timeseries,
} from './panels';
import { SLO } from './series';
import { durationName, round, say, type Surface } from './surface';
import { withOverdueNow } from './overdue';
import { kpiVariable, levelVariable, regionVariable } from './variables';

/** The windows whose burn rates on-call reads first: fast (1 h), medium (6 h) and slow (3 d). */
export const SLO_WINDOWS = ['1h', '6h', '3d'];

const KPI_REGION = 'kpi="$kpi", region="$region"';

/** The burn-rate factors the alerts compare a window with, by severity (as long or as short window). */
export function alertFactors(targets: Targets, window: string): Partial<Record<Severity, number>> {
  const factors: Partial<Record<Severity, number>> = {};
  for (const severity of ['page', 'ticket'] as const) {
    const used = targets.burn_rate[severity].filter((w) => w.long === window || w.short === window);
    if (used.length > 0) factors[severity] = Math.min(...used.map((w) => w.factor));
  }
  return factors;
}

/** Amber from the ticket factor, vermilion from the page factor (those the alerts use there). */
function burnThresholds(f: Partial<Record<Severity, number>>) {
  const atRisk = f.ticket ?? f.page ?? 1;
  return countThresholds(atRisk, f.page);
}

const describeFactors = (f: Partial<Record<Severity, number>>) =>
  Object.entries(f)
    .map(([severity, factor]) => `${severity} ${factor}×`)
    .join(', ') || '—';

/**
 * For on-call, per KPI and region (the alerts' `dashboard_url` sets both and the time range): the error
 * budget left over the SLO period, burn rates against the alerts' thresholds, the alerts that fired
 * (annotations from Prometheus' ALERTS series) and what is overdue there now.
 */
export function sloDashboard(s: Surface) {
  const { targets } = s;
  const kpis = targets.kpis.filter((k) => k.alerts.burn_rate);
  const period = targets.slo_period;
  return dashboard(s, 'slo', (d: DashboardBuilder) => {
    d.description(say(s, 'slo_description')).time({ from: 'now-3d', to: 'now' }).refresh('1m');
    d.withVariable(kpiVariable(s, kpis))
      .withVariable(levelVariable(s))
      .withVariable(regionVariable(s, VariableHide.DontHide, true));
    d.annotation(
      new AnnotationQueryBuilder()
        .name(say(s, 'alerts_fired'))
        .datasource(DATASOURCE)
        .enable(true)
        .hide(false)
        .iconColor(COLOURS.breach)
        .expr('ALERTS{alertstate="firing", region="$region"}')
        .titleFormat('{{alertname}}')
        .textFormat('{{severity}} {{kpi}}')
        .tagKeys('severity,kpi')
        .step('60s')
        .useValueForTime(false),
    );
    d.withRow(row(say(s, 'slo_row')));
    d.withPanel(
      stat(
        say(s, 'objective'),
        { expr: `max(${SLO.objective}{kpi="$kpi"})`, legend: say(s, 'objective') },
        { w: 4, h: 5 },
      )
        .unit('percentunit')
        .decimals(1)
        .thresholds(steps([{ value: null, color: COLOURS.neutral }])),
    );
    const remaining = say(s, 'budget_remaining', { period: durationName(s, period) });
    d.withPanel(
      stat(
        remaining,
        { expr: `min(${SLO.budgetRemaining}{${KPI_REGION}})`, legend: remaining },
        { w: 5, h: 5 },
      )
        .unit('percentunit')
        .decimals(0)
        .thresholds(
          steps([
            { value: null, color: COLOURS.breach },
            { value: 0, color: COLOURS.atRisk },
            { value: round(1 - AT_RISK), color: COLOURS.good },
          ]),
        ),
    );
    for (const w of SLO_WINDOWS) {
      const f = alertFactors(targets, w);
      const title = say(s, 'burn_rate', { window: w });
      d.withPanel(
        stat(
          title,
          { expr: `max(${SLO.burnRate}{${KPI_REGION}, window="${w}"})`, legend: title },
          { w: 5, h: 5 },
        )
          .description(say(s, 'burn_rate_description', { thresholds: describeFactors(f) }))
          .unit('x')
          .decimals(1)
          .thresholds(burnThresholds(f)),
      );
    }
    d.withPanel(
      timeseries(
        say(s, 'burn_rates'),
        SLO_WINDOWS.map((w) => ({ expr: `max(${SLO.burnRate}{${KPI_REGION}, window="${w}"})`, legend: w })),
        { w: 16, h: 9 },
        'x',
      )
        .thresholds(
          burnThresholds({
            ticket: Math.min(...targets.burn_rate.ticket.map((w) => w.factor)),
            page: Math.min(...targets.burn_rate.page.map((w) => w.factor)),
          }),
        )
        .thresholdsStyle(
          new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
        ),
    );
    d.withPanel(
      timeseries(
        say(s, 'budget_over_time'),
        [{ expr: `min(${SLO.budgetRemaining}{${KPI_REGION}})`, legend: remaining }],
        { w: 8, h: 9 },
        'percentunit',
      ),
    );
    d.withPanel(
      new StateTimelineBuilder()
        .title(say(s, 'alerts_fired'))
        .datasource(DATASOURCE)
        .targets(
          queries([
            {
              expr: 'max by (alertname, severity) (ALERTS{alertstate="firing", region="$region"})',
              legend: '{{alertname}} ({{severity}})',
            },
          ]),
        )
        .span(24)
        .height(6)
        .thresholds(countThresholds(1, 1))
        .legend(
          new common.VizLegendOptionsBuilder()
            .showLegend(false)
            .displayMode(common.LegendDisplayMode.List)
            .placement(common.LegendPlacement.Bottom)
            .calcs([]),
        ),
    );
    withOverdueNow(d, s);
    return d;
  });
}
