import type { Targets } from '../slo';
import { exporterAlerts, type AlertRule } from './alerts';
import { expectedAlert, INSTANCE, type ExpectedAlert, type Series, type TestGroup } from './alert-test-model';

/** The exporter's own alerts: each fires on its failure and stays silent while the exporter is healthy. */
export function exporterTests(targets: Targets): TestGroup[] {
  const rules = exporterAlerts(targets);
  const rule = (name: string) => rules.find((r) => r.alert === name) as AlertRule;
  const up = (values: string): Series => ({
    series: `up{job="crm-exporter",instance="${INSTANCE}"}`,
    values,
  });
  const at = { instance: INSTANCE, job: 'crm-exporter' };
  const group = (
    name: string,
    series: Series[],
    evalTime: string,
    alertname: string,
    expected: ExpectedAlert[],
  ): TestGroup => ({
    name,
    interval: '1m',
    input_series: series,
    alert_rule_test: [{ eval_time: evalTime, alertname, exp_alerts: expected }],
  });
  return [
    group('CrmExporterDown: fires when scrapes fail', [up('1x5 0x20')], '12m', 'CrmExporterDown', [
      expectedAlert(rule('CrmExporterDown'), '0', at),
    ]),
    group('CrmExporterDown: fires when the target is gone', [], '5m', 'CrmExporterDown', [
      expectedAlert(rule('CrmExporterDown'), '1', { job: 'crm-exporter' }),
    ]),
    group('CrmExporterDown: silent while up', [up('1x20')], '12m', 'CrmExporterDown', []),
    group(
      'CrmExporterDataStale: fires 20 minutes after the last refresh',
      [
        {
          series: `crm_exporter_last_refresh_success_timestamp_seconds{job="crm-exporter",instance="${INSTANCE}"}`,
          values: '0x30',
        },
      ],
      '20m',
      'CrmExporterDataStale',
      [expectedAlert(rule('CrmExporterDataStale'), '20m 0s', at)],
    ),
    group(
      'CrmExporterDataStale: silent while refreshes succeed',
      [
        {
          series: `crm_exporter_last_refresh_success_timestamp_seconds{job="crm-exporter",instance="${INSTANCE}"}`,
          values: '0+60x30',
        },
      ],
      '20m',
      'CrmExporterDataStale',
      [],
    ),
    group(
      'CrmExporterRefreshFailing: fires when a family fails every minute',
      [
        {
          series: `crm_exporter_refresh_failures_total{job="crm-exporter",instance="${INSTANCE}",family="customers"}`,
          values: '0+1x30',
        },
      ],
      '30m',
      'CrmExporterRefreshFailing',
      [expectedAlert(rule('CrmExporterRefreshFailing'), '15', { instance: INSTANCE, family: 'customers' })],
    ),
    group(
      'CrmExporterRefreshFailing: silent after two failures',
      [
        {
          series: `crm_exporter_refresh_failures_total{job="crm-exporter",instance="${INSTANCE}",family="customers"}`,
          values: '0x10 2x20',
        },
      ],
      '30m',
      'CrmExporterRefreshFailing',
      [],
    ),
    group(
      'CrmExporterInvalidRows: fires while rows are skipped',
      [
        {
          series: `crm_exporter_invalid_rows_total{job="crm-exporter",instance="${INSTANCE}",relation="work_orders",reason="unknown_type"}`,
          values: '0+1x30',
        },
      ],
      '30m',
      'CrmExporterInvalidRows',
      [
        expectedAlert(rule('CrmExporterInvalidRows'), '30', {
          instance: INSTANCE,
          relation: 'work_orders',
          reason: 'unknown_type',
        }),
      ],
    ),
    group(
      'CrmExporterInvalidRows: silent when every row is valid',
      [
        {
          series: `crm_exporter_invalid_rows_total{job="crm-exporter",instance="${INSTANCE}",relation="work_orders",reason="unknown_type"}`,
          values: '0x30',
        },
      ],
      '30m',
      'CrmExporterInvalidRows',
      [],
    ),
    group(
      'CrmExporterRoleCanWrite: fires for a role that can write',
      [
        {
          series: `crm_exporter_database_role_can_write{job="crm-exporter",instance="${INSTANCE}"}`,
          values: '1x30',
        },
      ],
      '20m',
      'CrmExporterRoleCanWrite',
      [expectedAlert(rule('CrmExporterRoleCanWrite'), '1', at)],
    ),
    group(
      'CrmExporterRoleCanWrite: silent for a read-only role',
      [
        {
          series: `crm_exporter_database_role_can_write{job="crm-exporter",instance="${INSTANCE}"}`,
          values: '0x30',
        },
      ],
      '20m',
      'CrmExporterRoleCanWrite',
      [],
    ),
    group(
      'CrmExporterIncrementalDrift: fires when a full recount corrects series',
      [
        {
          series: `crm_exporter_incremental_drift_total{job="crm-exporter",instance="${INSTANCE}",family="customers"}`,
          values: '0x10 2x50',
        },
      ],
      '30m',
      'CrmExporterIncrementalDrift',
      [expectedAlert(rule('CrmExporterIncrementalDrift'), '', { instance: INSTANCE, family: 'customers' })],
    ),
    group(
      'CrmExporterIncrementalDrift: silent while recounts agree',
      [
        {
          series: `crm_exporter_incremental_drift_total{job="crm-exporter",instance="${INSTANCE}",family="customers"}`,
          values: '0x60',
        },
      ],
      '30m',
      'CrmExporterIncrementalDrift',
      [],
    ),
    group(
      'CrmExporterSeriesBudgetReached: fires while label combinations are refused',
      [{ series: `crm_exporter_series_refused{job="crm-exporter",instance="${INSTANCE}"}`, values: '7x30' }],
      '20m',
      'CrmExporterSeriesBudgetReached',
      [expectedAlert(rule('CrmExporterSeriesBudgetReached'), '7', at)],
    ),
    group(
      'CrmExporterSeriesBudgetReached: silent within the budget',
      [{ series: `crm_exporter_series_refused{job="crm-exporter",instance="${INSTANCE}"}`, values: '0x30' }],
      '20m',
      'CrmExporterSeriesBudgetReached',
      [],
    ),
  ];
}
