import { EXPORTER_JOB } from '../rules/alerts';
import { countStat, dashboard, DATASOURCE, row, timeseries, type Dashboard, type Panel } from './panels';

const JOB = `job="${EXPORTER_JOB}"`;

/** Is the exporter up, is its data fresh, are its refreshes failing, is the CRM data valid? */
export function exporterDashboard(): Dashboard {
  const stat = (title: string, expr: string, unit: string, red: number, x: number): Panel => ({
    type: 'stat',
    title,
    gridPos: { x, y: 1, w: 4, h: 4 },
    datasource: DATASOURCE,
    targets: [{ refId: 'A', expr, instant: true, range: false }],
    fieldConfig: {
      defaults: {
        unit,
        color: { mode: 'thresholds' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: red },
          ],
        },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'none',
    },
  });
  const panels: Panel[] = [
    row('Now', 0),
    stat('Scrape down', `1 - min(up{${JOB}})`, 'none', 1, 0),
    stat('Refresh failing', `1 - min(crm_exporter_up{${JOB}})`, 'none', 1, 4),
    stat(
      'Data age',
      `time() - max(crm_exporter_last_refresh_success_timestamp_seconds{${JOB}})`,
      's',
      600,
      8,
    ),
    stat('Last refresh took', `max(crm_exporter_last_refresh_duration_seconds{${JOB}})`, 's', 60, 12),
    stat('Role can write', `max(crm_exporter_database_role_can_write{${JOB}})`, 'none', 1, 16),
    countStat('Invalid rows (range)', `sum(increase(crm_exporter_invalid_rows_total{${JOB}}[$__range]))`, {
      x: 20,
      y: 1,
      w: 4,
      h: 4,
    }),
    row('Over time', 5),
    timeseries(
      'Refresh duration p90 by family',
      [
        {
          refId: 'A',
          expr: `histogram_quantile(0.9, sum by (le, family) (rate(crm_exporter_refresh_duration_seconds_bucket{${JOB}}[$__rate_interval])))`,
          legendFormat: '{{family}}',
        },
      ],
      { x: 0, y: 6, w: 12, h: 8 },
      's',
    ),
    timeseries(
      'Refresh failures by family',
      [
        {
          refId: 'A',
          expr: `sum by (family) (increase(crm_exporter_refresh_failures_total{${JOB}}[$__rate_interval]))`,
          legendFormat: '{{family}}',
        },
      ],
      { x: 12, y: 6, w: 12, h: 8 },
      'none',
    ),
    timeseries(
      'Invalid rows by relation and reason',
      [
        {
          refId: 'A',
          expr: `sum by (relation, reason) (increase(crm_exporter_invalid_rows_total{${JOB}}[$__rate_interval]))`,
          legendFormat: '{{relation}} {{reason}}',
        },
      ],
      { x: 0, y: 14, w: 12, h: 8 },
      'none',
    ),
    timeseries(
      'Label values folded into "other"',
      [
        {
          refId: 'A',
          expr: `sum by (label) (crm_exporter_label_overflow_total{${JOB}})`,
          legendFormat: '{{label}}',
        },
      ],
      { x: 12, y: 14, w: 6, h: 8 },
      'none',
    ),
    timeseries(
      'Scrape duration and samples',
      [
        { refId: 'A', expr: `scrape_duration_seconds{${JOB}}`, legendFormat: 'duration (s) {{instance}}' },
        { refId: 'B', expr: `scrape_samples_scraped{${JOB}}`, legendFormat: 'samples {{instance}}' },
      ],
      { x: 18, y: 14, w: 6, h: 8 },
      'none',
    ),
    timeseries(
      'Series corrected by full recounts (incremental drift)',
      [
        {
          refId: 'A',
          expr: `sum by (family) (increase(crm_exporter_incremental_drift_total{${JOB}}[$__rate_interval]))`,
          legendFormat: '{{family}}',
        },
      ],
      { x: 0, y: 22, w: 12, h: 8 },
      'none',
    ),
    timeseries(
      'Full recounts by query',
      [
        {
          refId: 'A',
          expr: `sum by (family) (increase(crm_exporter_full_recounts_total{${JOB}}[$__rate_interval]))`,
          legendFormat: '{{family}}',
        },
      ],
      { x: 12, y: 22, w: 12, h: 8 },
      'none',
    ),
    {
      type: 'table',
      title: 'Build',
      gridPos: { x: 0, y: 30, w: 24, h: 4 },
      datasource: DATASOURCE,
      targets: [
        { refId: 'A', expr: `crm_exporter_build_info{${JOB}}`, instant: true, range: false, format: 'table' },
      ],
      options: { showHeader: true },
    },
  ];
  return dashboard('exporter', {
    description:
      'The exporter itself: scrape, refresh, data age, the validity of the CRM rows and the incremental counts.',
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    panels,
  });
}
