import { EXPORTER_JOB, selfMetric } from '../catalog';
import type { Targets } from '../slo';
import { links, texts, type AlertRule } from './alert-text';

/** Seconds without a successful refresh after which a query family's KPIs describe the past. */
const STALE_AFTER_SECONDS = 600;
const age = `time() - ${selfMetric('crm_exporter_family_last_success_timestamp_seconds')}`;
const interval = selfMetric('crm_exporter_family_refresh_interval_seconds');

type Severity = 'page' | 'ticket' | 'none';
interface Spec {
  alert: string;
  severity: Severity;
  expr: string;
  for: string;
  zh: [summary: string, description: string];
  en: [summary: string, description: string];
}

function rule(targets: Targets, component: 'exporter' | 'monitoring', s: Spec): AlertRule {
  return {
    alert: s.alert,
    expr: s.expr,
    for: s.for,
    labels: { severity: s.severity, component },
    annotations: {
      ...texts({ summary: s.zh[0], description: s.zh[1], summaryEn: s.en[0], descriptionEn: s.en[1] }),
      ...links(targets, s.alert, 'exporter'),
    },
  };
}

/** The exporter watching itself: without it every KPI alert is blind. */
export function exporterAlerts(targets: Targets): AlertRule[] {
  const up = `up{job="${EXPORTER_JOB}"}`;
  const specs: Spec[] = [
    {
      alert: 'CrmExporterDown',
      severity: 'page',
      expr: `${up} == 0 or absent(${up})`,
      for: '2m',
      zh: [
        'CRM 指标采集器不可用',
        'Prometheus 无法抓取 {{ $labels.instance }} 的采集器：所有指标均非当前值，指标告警被抑制。',
      ],
      en: [
        'The CRM KPI exporter is down',
        'Prometheus cannot scrape the exporter at {{ $labels.instance }}: no KPI is current and KPI alerts are silenced.',
      ],
    },
    {
      alert: 'CrmExporterDataStale',
      severity: 'page',
      // a family read on a slower schedule of its own (the outage-experience queries) is stale after
      // three of its intervals; an exporter that does not say its intervals gets the fixed limit
      expr: [
        `${age} > clamp_min(3 * ${interval}, ${STALE_AFTER_SECONDS})`,
        `or ${age} > ${STALE_AFTER_SECONDS} unless ${interval}`,
      ].join(' '),
      for: '5m',
      zh: [
        '查询族 {{ $labels.family }} 数据已过期',
        '{{ $labels.instance }} 的查询族 {{ $labels.family }} 上次成功刷新在 {{ $value | humanizeDuration }} 前：来自它的指标停留在过去，其告警被抑制；其他查询族不受影响。',
      ],
      en: [
        'KPI data of query family {{ $labels.family }} is stale',
        'Query family {{ $labels.family }} at {{ $labels.instance }} last refreshed {{ $value | humanizeDuration }} ago: its KPIs describe the past and their alerts are inhibited; other families are unaffected.',
      ],
    },
    {
      alert: 'CrmExporterRefreshFailing',
      severity: 'ticket',
      expr: `sum by (instance, family) (increase(${selfMetric('crm_exporter_refresh_failures_total')}[15m])) > 2`,
      for: '5m',
      zh: [
        '采集器刷新失败',
        '{{ $labels.instance }} 的查询族 {{ $labels.family }} 15 分钟内失败 {{ $value | printf "%.0f" }} 次；其指标保持上次成功的值。',
      ],
      en: [
        'Exporter refreshes are failing',
        'Query family {{ $labels.family }} failed {{ $value | printf "%.0f" }} times in 15 minutes at {{ $labels.instance }}; its KPIs keep their last good values.',
      ],
    },
    {
      alert: 'CrmExporterInvalidRows',
      severity: 'ticket',
      expr: `sum by (instance, relation, reason) (${selfMetric('crm_exporter_invalid_rows')}) > 0`,
      for: '15m',
      zh: [
        'CRM 数据不符合源数据约定',
        '{{ $labels.relation }} 当前有 {{ $value | printf "%.0f" }} 行被跳过（{{ $labels.reason }}）：指标未计入这些行。',
      ],
      en: [
        'CRM rows break the source contract',
        '{{ $value | printf "%.0f" }} rows of {{ $labels.relation }} are skipped right now ({{ $labels.reason }}): the KPIs leave them out.',
      ],
    },
    {
      alert: 'CrmExporterRoleCanWrite',
      severity: 'ticket',
      expr: `${selfMetric('crm_exporter_database_role_can_write')} == 1`,
      for: '15m',
      zh: [
        '采集器数据库账号具有写权限',
        '{{ $labels.instance }} 的采集器使用的数据库账号可写 CRM 表；请改用只读（SELECT）账号。',
      ],
      en: [
        'The exporter database role can write',
        'The exporter at {{ $labels.instance }} connects with a role that can write to the CRM relations; give it a SELECT-only role.',
      ],
    },
    {
      alert: 'CrmExporterIncrementalDrift',
      severity: 'ticket',
      expr: `sum by (instance, family) (increase(${selfMetric('crm_exporter_incremental_drift_total')}[6h])) > 0`,
      for: '0m',
      zh: [
        '全量重算修正了增量刷新',
        '{{ $labels.instance }} 的定期全量重算发现查询族 {{ $labels.family }} 的增量结果有误并已修正：CRM 写入或修改数据的时间晚于 settle_window。',
      ],
      en: [
        'A full recount corrected the incremental refresh',
        'A scheduled full recount at {{ $labels.instance }} found series of {{ $labels.family }} that the incremental refresh had wrong and corrected them: the CRM writes rows or edits later than settle_window after their timestamps.',
      ],
    },
    {
      alert: 'CrmExporterSeriesBudgetReached',
      severity: 'ticket',
      expr: `${selfMetric('crm_exporter_series_refused')} > 0`,
      for: '15m',
      zh: [
        '采集器拒绝新的标签组合',
        '{{ $labels.instance }} 有 {{ $value | printf "%.0f" }} 个标签组合未发布：已达 max_series 上限，部分地区或客户分群缺失。',
      ],
      en: [
        'The exporter refuses new label combinations',
        '{{ $value | printf "%.0f" }} label combinations are not published at {{ $labels.instance }}: the max_series budget is reached, so some regions or segments are missing from the KPIs.',
      ],
    },
  ];
  return specs.map((s) => rule(targets, 'exporter', s));
}

export const WATCHDOG = 'Watchdog';

/**
 * Watching the watchers: a dead-man's switch that always fires, and Prometheus' and Alertmanager's own
 * failures (metrics of their /metrics, scraped by the jobs prometheus and alertmanager).
 */
export function monitoringAlerts(targets: Targets): AlertRule[] {
  const specs: Spec[] = [
    {
      alert: WATCHDOG,
      severity: 'none',
      expr: 'vector(1)',
      for: '0m',
      zh: [
        '告警链路心跳',
        '此告警始终触发。它停止到达心跳服务时，说明 Prometheus、Alertmanager 或两者之间的链路已中断。',
      ],
      en: [
        'Alerting pipeline heartbeat',
        'Always firing. When it stops reaching the heartbeat service, Prometheus, Alertmanager or the path between them is broken.',
      ],
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      severity: 'page',
      expr: 'sum by (instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[10m])) > 0',
      for: '5m',
      zh: [
        'Prometheus 规则计算失败',
        '{{ $labels.instance }} 的规则组 {{ $labels.rule_group }} 10 分钟内计算失败 {{ $value | printf "%.0f" }} 次：依赖它的告警失效。',
      ],
      en: [
        'Prometheus fails to evaluate rules',
        'Rule group {{ $labels.rule_group }} at {{ $labels.instance }} failed {{ $value | printf "%.0f" }} evaluations in 10 minutes: the alerts that read it are blind.',
      ],
    },
    {
      alert: 'PrometheusRuleGroupIterationsMissed',
      severity: 'ticket',
      expr: 'sum by (instance, rule_group) (increase(prometheus_rule_group_iterations_missed_total[1h])) > 0',
      for: '0m',
      zh: [
        'Prometheus 规则组错过计算',
        '{{ $labels.instance }} 的规则组 {{ $labels.rule_group }} 一小时内错过 {{ $value | printf "%.0f" }} 次计算：其计算耗时超过间隔。',
      ],
      en: [
        'Prometheus misses rule-group evaluations',
        'Rule group {{ $labels.rule_group }} at {{ $labels.instance }} missed {{ $value | printf "%.0f" }} evaluations in an hour: it takes longer than its interval.',
      ],
    },
    {
      alert: 'PrometheusRuleGroupSlow',
      severity: 'ticket',
      expr: 'prometheus_rule_group_last_duration_seconds > 0.5 * prometheus_rule_group_interval_seconds',
      for: '15m',
      zh: [
        'Prometheus 规则组计算缓慢',
        '{{ $labels.instance }} 的规则组 {{ $labels.rule_group }} 计算耗时 {{ $value | humanizeDuration }}，超过其间隔的一半。',
      ],
      en: [
        'A Prometheus rule group is slow',
        'Rule group {{ $labels.rule_group }} at {{ $labels.instance }} took {{ $value | humanizeDuration }}, over half its interval.',
      ],
    },
    {
      alert: 'PrometheusConfigReloadFailed',
      severity: 'ticket',
      expr: 'prometheus_config_last_reload_successful == 0',
      for: '10m',
      zh: [
        'Prometheus 配置重载失败',
        '{{ $labels.instance }} 的最近一次配置重载失败：仍在使用旧的配置和规则。',
      ],
      en: [
        'Prometheus configuration reload failed',
        'The last configuration reload at {{ $labels.instance }} failed: it still runs the previous configuration and rules.',
      ],
    },
    {
      alert: 'PrometheusNotificationsFailing',
      severity: 'ticket',
      expr: [
        'sum by (instance) (increase(prometheus_notifications_errors_total[10m]))',
        '+ sum by (instance) (increase(prometheus_notifications_dropped_total[10m]))',
        '> 0',
      ].join('\n'),
      for: '5m',
      zh: [
        'Prometheus 无法向 Alertmanager 发送告警',
        '{{ $labels.instance }} 10 分钟内有 {{ $value | printf "%.0f" }} 次告警发送失败或被丢弃。',
      ],
      en: [
        'Prometheus cannot send alerts to Alertmanager',
        '{{ $value | printf "%.0f" }} alert notifications from {{ $labels.instance }} failed or were dropped in 10 minutes.',
      ],
    },
    {
      alert: 'AlertmanagerNotificationsFailing',
      severity: 'ticket',
      expr: 'sum by (instance, integration) (increase(alertmanager_notifications_failed_total[15m])) > 0',
      for: '5m',
      zh: [
        'Alertmanager 通知发送失败',
        '{{ $labels.instance }} 通过 {{ $labels.integration }} 发送通知 15 分钟内失败 {{ $value | printf "%.0f" }} 次：接收方可能收不到告警。',
      ],
      en: [
        'Alertmanager fails to deliver notifications',
        '{{ $labels.instance }} failed {{ $value | printf "%.0f" }} notifications through {{ $labels.integration }} in 15 minutes: their receivers may not hear of alerts.',
      ],
    },
    {
      alert: 'AlertmanagerConfigReloadFailed',
      severity: 'ticket',
      expr: 'alertmanager_config_last_reload_successful == 0',
      for: '10m',
      zh: [
        'Alertmanager 配置重载失败',
        '{{ $labels.instance }} 的最近一次配置重载失败：仍在使用旧的路由和接收方。',
      ],
      en: [
        'Alertmanager configuration reload failed',
        'The last configuration reload at {{ $labels.instance }} failed: it still routes with the previous configuration.',
      ],
    },
  ];
  return specs.map((s) => rule(targets, 'monitoring', s));
}
