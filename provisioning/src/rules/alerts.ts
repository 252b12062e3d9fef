import { dashboardPath, headingAnchor } from '../grafana/links';
import { errorBudget, seconds, type Kpi, type Severity, type Targets } from '../slo';
import { componentRecord, ratioRecord } from './names';
import type { RuleGroup } from './recording';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** What one overdue item of each SLA timer is, for alert texts (timers of metrics.md). */
export const OVERDUE_ITEMS: Record<string, string> = {
  work_order_closure: 'work orders open past their deadline',
  repair_arrival: 'repairs whose crew is not on site within the arrival limit',
  repair_restoration: 'repairs not restored within the restoration limit',
  outage_notice: 'planned or temporary outages whose customers are not notified within the notice lead',
  outage_info_report: 'outages not yet reported to the 95598 system within the reporting limit',
  restoration_info_report: 'restorations not yet reported to the 95598 system within the reporting limit',
  planned_outage_restoration: 'planned or temporary outages running past their planned end',
  connection: 'new-connection applications past their deadline',
};

export const EXPORTER_JOB = 'crm-exporter';

/** The region's display name from crm_region_info, or its code when the exporter has not named it. */
export const REGION_NAME =
  '{{ with printf "crm_region_info{region=%q}" $labels.region | query }}{{ . | first | label "name" }}{{ else }}{{ $labels.region }}{{ end }}';

export function pascal(id: string): string {
  return id
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export const burnRateAlertName = (kpi: Kpi) => `${pascal(kpi.id)}BudgetBurn`;
export const overdueAlertName = (timer: string) => `${pascal(timer)}Overdue`;
export const surgeAlertName = (kpi: Kpi) => `${pascal(kpi.id)}Surge`;
export const thresholdAlertName = (kpi: Kpi) => `${pascal(kpi.id)}High`;

function links(targets: Targets, alert: string, dashboard: 'region' | 'exporter'): Record<string, string> {
  const query = dashboard === 'region' ? '?var-region={{ $labels.region }}' : '';
  return {
    runbook_url: `${targets.runbook_url}#${headingAnchor(alert)}`,
    dashboard_url: `${targets.grafana_url}${dashboardPath(dashboard)}${query}`,
  };
}

function percent(x: number): string {
  return `${Number((x * 100).toFixed(4))} %`;
}

/** How the KPI's target reads, in the terms a dashboard shows it. */
export function targetText(kpi: Kpi): string {
  const bound = kpi.direction === 'higherIsBetter' ? '≥' : '≤';
  const value = kpi.scale === 1 ? percent(kpi.target) : String(kpi.target);
  return `${bound} ${value}`;
}

function burnRateAlert(targets: Targets, kpi: Kpi, severity: Severity): AlertRule {
  const burn = kpi.alerts.burn_rate as NonNullable<Kpi['alerts']['burn_rate']>;
  const budget = errorBudget(kpi);
  const clauses = targets.burn_rate[severity].map((w) => {
    const limit = `(${w.factor} * ${budget})`;
    return [
      `${ratioRecord('region', kpi, w.long)} > ${limit}`,
      `${ratioRecord('region', kpi, w.short)} > ${limit}`,
      `${componentRecord('region', kpi.denominator, w.long)} >= ${burn.min_events}`,
    ].join('\n  and ');
  });
  const windows = targets.burn_rate[severity]
    .map((w) => `${w.factor}× over ${w.long} and ${w.short}`)
    .join(', or ');
  const name = burnRateAlertName(kpi);
  return {
    alert: name,
    expr: clauses.map((c) => `(\n  ${c}\n)`).join('\nor\n'),
    for: severity === 'page' ? '2m' : '15m',
    keep_firing_for: severity === 'page' ? '5m' : '30m',
    labels: { severity, kpi: kpi.id, component: 'kpi' },
    annotations: {
      summary: `${kpi.title} is burning its error budget in ${REGION_NAME}`,
      description:
        `{{ $value | humanizePercentage }} of the decided cases in ${REGION_NAME} ({{ $labels.region }}) were late ` +
        `over the alert window, against an error budget of ${percent(budget)} ` +
        `(${kpi.title} target ${targetText(kpi)}). Burn rate ${windows}.`,
      ...links(targets, name, 'region'),
    },
  };
}

function overdueAlerts(targets: Targets, kpi: Kpi): AlertRule[] {
  if (!kpi.timer || !kpi.alerts.overdue) return [];
  const timer = kpi.timer;
  const name = overdueAlertName(timer);
  return (kpi.alerts.overdue ?? []).map((o) => ({
    alert: name,
    expr: `sum by (region) (crm_${timer}_overdue) > ${o.above}`,
    for: o.for,
    keep_firing_for: '5m',
    labels: { severity: o.severity, kpi: kpi.id, component: 'kpi' },
    annotations: {
      summary: `{{ $value }} ${OVERDUE_ITEMS[timer] ?? timer} right now in ${REGION_NAME}`,
      description:
        `${REGION_NAME} ({{ $labels.region }}) has {{ $value }} ${OVERDUE_ITEMS[timer] ?? timer} right now ` +
        `(${o.severity} above ${o.above}).`,
      ...links(targets, name, 'region'),
    },
  }));
}

function surgeAlert(targets: Targets, kpi: Kpi): AlertRule {
  const s = kpi.alerts.surge as NonNullable<Kpi['alerts']['surge']>;
  const name = surgeAlertName(kpi);
  const now = ratioRecord('region', kpi, s.window);
  // the baseline is the window before the current one, scaled to the current window's length
  const baseline = `(${ratioRecord('region', kpi, s.baseline)} offset ${s.window}) * ${seconds(s.window)} / ${seconds(s.baseline)}`;
  return {
    alert: name,
    expr: [
      `${now}`,
      `  > ${s.factor} * ${baseline}`,
      `and ${componentRecord('region', kpi.numerator, s.window)} >= ${s.min_events}`,
    ].join('\n'),
    for: s.for,
    keep_firing_for: '30m',
    labels: { severity: s.severity, kpi: kpi.id, component: 'kpi' },
    annotations: {
      summary: `${kpi.title} surging in ${REGION_NAME}`,
      description:
        `${REGION_NAME} ({{ $labels.region }}) had {{ $value | printf "%.1f" }} ${kpi.title.toLowerCase()} over ` +
        `the last ${s.window}, more than ${s.factor}× its average of the ${s.baseline} before.`,
      ...links(targets, name, 'region'),
    },
  };
}

function thresholdAlert(targets: Targets, kpi: Kpi): AlertRule {
  const t = kpi.alerts.threshold as NonNullable<Kpi['alerts']['threshold']>;
  const name = thresholdAlertName(kpi);
  return {
    alert: name,
    expr: [
      `${ratioRecord('region', kpi, t.window)} > ${t.above}`,
      `and ${componentRecord('region', kpi.denominator, t.window)} >= ${t.min_events}`,
    ].join('\n'),
    for: t.for,
    keep_firing_for: '30m',
    labels: { severity: t.severity, kpi: kpi.id, component: 'kpi' },
    annotations: {
      summary: `${kpi.title}: too many failures in ${REGION_NAME}`,
      description:
        `{{ $value | humanizePercentage }} of the ${kpi.denominator.id.replace(/^crm_/, '').replaceAll('_', ' ')} ` +
        `of the last ${t.window} in ${REGION_NAME} ({{ $labels.region }}) failed, above ${percent(t.above)} ` +
        `(${kpi.title} target ${targetText(kpi)}).`,
      ...links(targets, name, 'region'),
    },
  };
}

/** The exporter watching itself: without it every KPI alert is blind. */
export function exporterAlerts(targets: Targets): AlertRule[] {
  const up = `up{job="${EXPORTER_JOB}"}`;
  const rule = (
    alert: string,
    severity: Severity,
    expr: string,
    forDuration: string,
    summary: string,
    description: string,
  ): AlertRule => ({
    alert,
    expr,
    for: forDuration,
    labels: { severity, component: 'exporter' },
    annotations: { summary, description, ...links(targets, alert, 'exporter') },
  });
  return [
    rule(
      'CrmExporterDown',
      'page',
      `${up} == 0 or absent(${up})`,
      '2m',
      'The CRM KPI exporter is down',
      'Prometheus cannot scrape the exporter at {{ $labels.instance }}: no KPI is current and KPI alerts are silenced.',
    ),
    rule(
      'CrmExporterDataStale',
      'page',
      `time() - crm_exporter_last_refresh_success_timestamp_seconds > 600`,
      '5m',
      'The KPI data is stale',
      'The exporter at {{ $labels.instance }} last refreshed from the CRM database {{ $value | humanizeDuration }} ago: KPI values and alerts describe the past.',
    ),
    rule(
      'CrmExporterRefreshFailing',
      'ticket',
      `sum by (instance, family) (increase(crm_exporter_refresh_failures_total[15m])) > 2`,
      '5m',
      'Exporter refreshes are failing',
      'Query family {{ $labels.family }} failed {{ $value | printf "%.0f" }} times in 15 minutes at {{ $labels.instance }}; its KPIs keep their last good values.',
    ),
    rule(
      'CrmExporterInvalidRows',
      'ticket',
      `sum by (instance, relation, reason) (increase(crm_exporter_invalid_rows_total[1h])) > 0`,
      '15m',
      'CRM rows break the source contract',
      '{{ $value | printf "%.0f" }} rows of {{ $labels.relation }} were skipped in the last hour ({{ $labels.reason }}): the KPIs leave them out.',
    ),
    rule(
      'CrmExporterRoleCanWrite',
      'ticket',
      `crm_exporter_database_role_can_write == 1`,
      '15m',
      'The exporter database role can write',
      'The exporter at {{ $labels.instance }} connects with a role that can write to the CRM relations; give it a SELECT-only role.',
    ),
    rule(
      'CrmExporterIncrementalDrift',
      'ticket',
      `sum by (instance, family) (increase(crm_exporter_incremental_drift_total[6h])) > 0`,
      '0m',
      'A full recount corrected the incremental refresh',
      'A scheduled full recount at {{ $labels.instance }} found series of {{ $labels.family }} that the incremental refresh had wrong and corrected them: the CRM writes rows or edits later than settle_window after their timestamps.',
    ),
    rule(
      'CrmExporterSeriesBudgetReached',
      'ticket',
      `crm_exporter_series_refused > 0`,
      '15m',
      'The exporter refuses new label combinations',
      '{{ $value | printf "%.0f" }} label combinations are not published at {{ $labels.instance }}: the max_series budget is reached, so some regions or segments are missing from the KPIs.',
    ),
  ];
}

export function alertGroups(targets: Targets): RuleGroup<AlertRule>[] {
  const kpiRules: AlertRule[] = [];
  for (const kpi of targets.kpis) {
    const a = kpi.alerts;
    for (const s of a.burn_rate?.severities ?? []) kpiRules.push(burnRateAlert(targets, kpi, s));
    kpiRules.push(...overdueAlerts(targets, kpi));
    if (a.surge) kpiRules.push(surgeAlert(targets, kpi));
    if (a.threshold) kpiRules.push(thresholdAlert(targets, kpi));
  }
  return [
    { name: 'service_kpi_alerts', rules: kpiRules },
    { name: 'crm_exporter_alerts', rules: exporterAlerts(targets) },
  ];
}
