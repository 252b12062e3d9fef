import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { EXPORTER_JOB } from '../rules/alerts';
import { countThresholds, dashboard, DATASOURCE, queries, row, stat, timeseries } from './panels';
import { metric } from './series';
import { say, type Surface } from './surface';

const JOB = `job="${EXPORTER_JOB}"`;
const of = (name: string) => `${metric(name)}{${JOB}}`;
/** Counters are plotted as their increase per interval, never as the running total. */
const increase = (name: string, by: string) => `sum by (${by}) (increase(${of(name)}[$__rate_interval]))`;

/**
 * Is the exporter up, is its data fresh (as a whole and per query), are its refreshes failing, is the
 * CRM data valid, are counters held back? One unit per panel: seconds and counts never share an axis.
 */
export function exporterDashboard(s: Surface) {
  const now = (
    key: Parameters<typeof say>[1],
    expr: string,
    unit: string,
    atRisk: number,
    breach: number,
  ) => {
    const title = say(s, key);
    return stat(title, { expr, legend: title }, { w: 3, h: 4 })
      .unit(unit)
      .thresholds(countThresholds(atRisk, breach));
  };
  const overTime = (key: Parameters<typeof say>[1], expr: string, legend: string, unit: string, w = 12) =>
    timeseries(say(s, key), [{ expr, legend }], { w, h: 8 }, unit);
  return dashboard(s, 'exporter', (d: DashboardBuilder) => {
    d.description(say(s, 'exporter_description')).time({ from: 'now-6h', to: 'now' }).refresh('30s');
    d.withRow(row(say(s, 'now')));
    d.withPanel(now('scrape_down', `1 - min(up{${JOB}})`, 'none', 1, 1));
    d.withPanel(now('refresh_failing', `1 - min(${of('crm_exporter_up')})`, 'none', 1, 1));
    d.withPanel(
      now(
        'data_age',
        `time() - max(${of('crm_exporter_last_refresh_success_timestamp_seconds')})`,
        's',
        120,
        600,
      ),
    );
    d.withPanel(now('last_refresh', `max(${of('crm_exporter_last_refresh_duration_seconds')})`, 's', 30, 60));
    d.withPanel(now('role_can_write', `max(${of('crm_exporter_database_role_can_write')})`, 'none', 1, 1));
    d.withPanel(
      now('invalid_rows_now', `sum(${of('crm_exporter_invalid_rows')}) or vector(0)`, 'none', 1, 1000),
    );
    d.withPanel(
      now(
        'series_budget',
        `max(${of('crm_exporter_series')}) / max(${of('crm_exporter_series_limit')})`,
        'percentunit',
        0.8,
        1,
      ),
    );
    d.withPanel(now('holdback', `sum(${of('crm_exporter_counter_holdback')}) or vector(0)`, 'none', 1, 1000));
    d.withPanel(
      new BarGaugeBuilder()
        .title(say(s, 'family_age'))
        .datasource(DATASOURCE)
        .targets(
          queries([
            {
              expr: `time() - max by (family) (${of('crm_exporter_family_last_success_timestamp_seconds')})`,
              legend: '{{family}}',
              instant: true,
            },
          ]),
        )
        .span(24)
        .height(6)
        .unit('s')
        .thresholds(countThresholds(120, 600))
        .displayMode(common.BarGaugeDisplayMode.Basic)
        .orientation(common.VizOrientation.Horizontal)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false)),
    );
    d.withRow(row(say(s, 'over_time')));
    d.withPanel(
      overTime(
        'refresh_p90',
        `histogram_quantile(0.9, sum by (le, family) (rate(${of('crm_exporter_refresh_duration_seconds_bucket')}[$__rate_interval])))`,
        '{{family}}',
        's',
      ),
    );
    d.withPanel(
      overTime(
        'refresh_failures',
        increase('crm_exporter_refresh_failures_total', 'family'),
        '{{family}}',
        'none',
      ),
    );
    d.withPanel(
      overTime(
        'invalid_rows',
        `sum by (relation, reason) (${of('crm_exporter_invalid_rows')})`,
        '{{relation}} {{reason}}',
        'none',
      ),
    );
    d.withPanel(
      overTime('label_overflow', increase('crm_exporter_label_overflow_total', 'label'), '{{label}}', 'none'),
    );
    d.withPanel(
      overTime('scrape_duration', `max by (instance) (scrape_duration_seconds{${JOB}})`, '{{instance}}', 's'),
    );
    d.withPanel(
      overTime(
        'scrape_samples',
        `max by (instance) (scrape_samples_scraped{${JOB}})`,
        '{{instance}}',
        'none',
      ),
    );
    d.withPanel(
      overTime('drift', increase('crm_exporter_incremental_drift_total', 'family'), '{{family}}', 'none'),
    );
    d.withPanel(
      overTime('recounts', increase('crm_exporter_full_recounts_total', 'family'), '{{family}}', 'none'),
    );
    d.withPanel(
      overTime('holdback', `sum by (family) (${of('crm_exporter_counter_holdback')})`, '{{family}}', 'none'),
    );
    d.withPanel(
      overTime(
        'corrections',
        increase('crm_exporter_counter_corrections_total', 'family'),
        '{{family}}',
        'none',
      ),
    );
    d.withPanel(
      new TableBuilder()
        .title(say(s, 'build'))
        .datasource(DATASOURCE)
        .targets(queries([{ expr: of('crm_exporter_build_info'), legend: '{{version}}', instant: true }]))
        .span(24)
        .height(4)
        .showHeader(true),
    );
    return d;
  });
}
