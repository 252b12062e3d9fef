import { EXPORTER_JOB, selfMetric } from '../catalog';
import type { Targets } from '../slo';
import { expectedAlert, INSTANCE, type ExpectedAlert, type Series, type TestGroup } from './alert-test-model';
import type { AlertRule } from './alert-text';
import { exporterAlerts, monitoringAlerts, WATCHDOG } from './exporter-alerts';

const PROMETHEUS = 'localhost:9090';
const ALERTMANAGER = 'alertmanager:9093';

/** The exporter's and the monitoring's own alerts: each fires on its failure and stays silent while healthy. */
export function exporterTests(targets: Targets): TestGroup[] {
  const rules = [...exporterAlerts(targets), ...monitoringAlerts(targets)];
  const rule = (name: string) => rules.find((r) => r.alert === name) as AlertRule;
  // self-metric names checked against the catalogue
  const exporter = (metric: string, values: string, labels = ''): Series => ({
    series: `${metric === 'up' ? metric : selfMetric(metric)}{job="${EXPORTER_JOB}",instance="${INSTANCE}"${labels}}`,
    values,
  });
  const at = { instance: INSTANCE, job: EXPORTER_JOB };
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
  const fires = (
    name: string,
    series: Series[],
    evalTime: string,
    value: string,
    labels: Record<string, string>,
  ) => group(`${name}: fires`, series, evalTime, name, [expectedAlert(rule(name), value, labels)]);
  const silent = (name: string, title: string, series: Series[], evalTime: string) =>
    group(`${name}: silent ${title}`, series, evalTime, name, []);
  const family = (f: string) => `,family="${f}"`;
  const stale = 'crm_exporter_family_last_success_timestamp_seconds';
  const invalid = 'crm_exporter_invalid_rows';
  const invalidLabels = ',relation="work_orders",reason="unknown_type"';
  const prometheus = (metric: string, values: string, labels = ''): Series => ({
    series: `${metric}{job="prometheus",instance="${PROMETHEUS}"${labels}}`,
    values,
  });
  const alertmanager = (metric: string, values: string, labels = ''): Series => ({
    series: `${metric}{job="alertmanager",instance="${ALERTMANAGER}"${labels}}`,
    values,
  });
  const ruleGroup = ',rule_group="rules/recording.generated.yml;service_kpi_30d"';
  return [
    fires('CrmExporterDown', [exporter('up', '1x5 0x20')], '12m', '0', at),
    group('CrmExporterDown: fires when the target is gone', [], '5m', 'CrmExporterDown', [
      expectedAlert(rule('CrmExporterDown'), '1', { job: EXPORTER_JOB }),
    ]),
    silent('CrmExporterDown', 'while up', [exporter('up', '1x20')], '12m'),
    // outages stopped refreshing at 0; work orders go on: only outages is stale
    group(
      'CrmExporterDataStale: fires for the one family that stopped refreshing, not for the others',
      [exporter(stale, '0x30', family('outages')), exporter(stale, '0+60x30', family('work_orders'))],
      '20m',
      'CrmExporterDataStale',
      [expectedAlert(rule('CrmExporterDataStale'), '20m 0s', { ...at, family: 'outages' })],
    ),
    // the outage-experience query runs every 15 min: stale after three of them (45 min), not after 10
    silent(
      'CrmExporterDataStale',
      'for a family on its own slower schedule within three of its intervals',
      [
        exporter(stale, '0x60', family('outage_customers')),
        exporter('crm_exporter_family_refresh_interval_seconds', '900x60', family('outage_customers')),
      ],
      '40m',
    ),
    group(
      'CrmExporterDataStale: a family on a slower schedule is stale after three of its intervals',
      [
        exporter(stale, '0x60', family('outage_customers')),
        exporter('crm_exporter_family_refresh_interval_seconds', '900x60', family('outage_customers')),
      ],
      '52m',
      'CrmExporterDataStale',
      [expectedAlert(rule('CrmExporterDataStale'), '52m 0s', { ...at, family: 'outage_customers' })],
    ),
    silent(
      'CrmExporterDataStale',
      'while refreshes succeed',
      [exporter(stale, '0+60x30', family('outages'))],
      '20m',
    ),
    fires(
      'CrmExporterRefreshFailing',
      [exporter('crm_exporter_refresh_failures_total', '0+1x30', family('customers'))],
      '30m',
      '15',
      { instance: INSTANCE, family: 'customers' },
    ),
    silent(
      'CrmExporterRefreshFailing',
      'after two failures',
      [exporter('crm_exporter_refresh_failures_total', '0x10 2x20', family('customers'))],
      '30m',
    ),
    // a gauge of the rows skipped now: 7 bad rows appear and stay until fixed
    fires('CrmExporterInvalidRows', [exporter(invalid, '0x5 7x25', invalidLabels)], '30m', '7', {
      instance: INSTANCE,
      relation: 'work_orders',
      reason: 'unknown_type',
    }),
    silent(
      'CrmExporterInvalidRows',
      'once the rows are fixed',
      [exporter(invalid, '7x10 0x20', invalidLabels)],
      '30m',
    ),
    fires(
      'CrmExporterRoleCanWrite',
      [exporter('crm_exporter_database_role_can_write', '1x30')],
      '20m',
      '1',
      at,
    ),
    silent(
      'CrmExporterRoleCanWrite',
      'for a read-only role',
      [exporter('crm_exporter_database_role_can_write', '0x30')],
      '20m',
    ),
    fires(
      'CrmExporterIncrementalDrift',
      [exporter('crm_exporter_incremental_drift_total', '0x10 2x50', family('customers'))],
      '30m',
      '',
      { instance: INSTANCE, family: 'customers' },
    ),
    silent(
      'CrmExporterIncrementalDrift',
      'while recounts agree',
      [exporter('crm_exporter_incremental_drift_total', '0x60', family('customers'))],
      '30m',
    ),
    fires(
      'CrmExporterSeriesBudgetReached',
      [exporter('crm_exporter_series_refused', '7x30')],
      '20m',
      '7',
      at,
    ),
    silent(
      'CrmExporterSeriesBudgetReached',
      'within the budget',
      [exporter('crm_exporter_series_refused', '0x30')],
      '20m',
    ),
    // the dead-man's switch needs no input at all
    fires(WATCHDOG, [], '5m', '1', {}),
    fires(
      'PrometheusRuleEvaluationFailures',
      [prometheus('prometheus_rule_evaluation_failures_total', '0x5 0+1x20', ruleGroup)],
      '20m',
      '10',
      { instance: PROMETHEUS, rule_group: 'rules/recording.generated.yml;service_kpi_30d' },
    ),
    silent(
      'PrometheusRuleEvaluationFailures',
      'while rules evaluate',
      [prometheus('prometheus_rule_evaluation_failures_total', '0x30', ruleGroup)],
      '20m',
    ),
    fires(
      'PrometheusRuleGroupIterationsMissed',
      [prometheus('prometheus_rule_group_iterations_missed_total', '0x10 1x20', ruleGroup)],
      '20m',
      '1',
      { instance: PROMETHEUS, rule_group: 'rules/recording.generated.yml;service_kpi_30d' },
    ),
    silent(
      'PrometheusRuleGroupIterationsMissed',
      'while no iteration is missed',
      [prometheus('prometheus_rule_group_iterations_missed_total', '0x30', ruleGroup)],
      '20m',
    ),
    fires(
      'PrometheusRuleGroupSlow',
      [
        prometheus('prometheus_rule_group_last_duration_seconds', '90x30', ruleGroup),
        prometheus('prometheus_rule_group_interval_seconds', '120x30', ruleGroup),
      ],
      '20m',
      '1m 30s',
      {
        job: 'prometheus',
        instance: PROMETHEUS,
        rule_group: 'rules/recording.generated.yml;service_kpi_30d',
      },
    ),
    silent(
      'PrometheusRuleGroupSlow',
      'within a tenth of the interval',
      [
        prometheus('prometheus_rule_group_last_duration_seconds', '5x30', ruleGroup),
        prometheus('prometheus_rule_group_interval_seconds', '120x30', ruleGroup),
      ],
      '20m',
    ),
    fires(
      'PrometheusConfigReloadFailed',
      [prometheus('prometheus_config_last_reload_successful', '1x5 0x20')],
      '20m',
      '0',
      {
        job: 'prometheus',
        instance: PROMETHEUS,
      },
    ),
    silent(
      'PrometheusConfigReloadFailed',
      'after good reloads',
      [prometheus('prometheus_config_last_reload_successful', '1x30')],
      '20m',
    ),
    fires(
      'PrometheusNotificationsFailing',
      [
        prometheus(
          'prometheus_notifications_errors_total',
          '0x5 0+1x20',
          ',alertmanager="http://alertmanager:9093/api/v2/alerts"',
        ),
        prometheus('prometheus_notifications_dropped_total', '0x30'),
      ],
      '20m',
      '10',
      { instance: PROMETHEUS },
    ),
    silent(
      'PrometheusNotificationsFailing',
      'while alerts are delivered',
      [
        prometheus(
          'prometheus_notifications_errors_total',
          '0x30',
          ',alertmanager="http://alertmanager:9093/api/v2/alerts"',
        ),
        prometheus('prometheus_notifications_dropped_total', '0x30'),
      ],
      '20m',
    ),
    fires(
      'AlertmanagerNotificationsFailing',
      [alertmanager('alertmanager_notifications_failed_total', '0x5 0+1x20', ',integration="webhook"')],
      '20m',
      '14',
      { instance: ALERTMANAGER, integration: 'webhook' },
    ),
    silent(
      'AlertmanagerNotificationsFailing',
      'while notifications are delivered',
      [alertmanager('alertmanager_notifications_failed_total', '0x30', ',integration="webhook"')],
      '20m',
    ),
    fires(
      'AlertmanagerConfigReloadFailed',
      [alertmanager('alertmanager_config_last_reload_successful', '1x5 0x20')],
      '20m',
      '0',
      {
        job: 'alertmanager',
        instance: ALERTMANAGER,
      },
    ),
    silent(
      'AlertmanagerConfigReloadFailed',
      'after good reloads',
      [alertmanager('alertmanager_config_last_reload_successful', '1x30')],
      '20m',
    ),
  ];
}
