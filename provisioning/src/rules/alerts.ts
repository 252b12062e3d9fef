import { UNITS } from '@service-kpi-monitor/catalog';
import { metric, overdueItem, timerMetric } from '../catalog';
import {
  errorBudget,
  seconds,
  type AlertSeverity,
  type CountAlert,
  type Figure,
  type Kpi,
  type Targets,
} from '../slo';
import {
  figureLinks,
  links,
  pascal,
  percent,
  REGION_NAME,
  targetText,
  texts,
  type AlertRule,
} from './alert-text';
import { exporterAlerts, monitoringAlerts } from './exporter-alerts';
import { componentRecord, ratioRecord } from './names';
import { badShare, summands, type RuleGroup } from './recording';

export { EXPORTER_JOB } from '../catalog';
export { REGION_NAME, type AlertRule } from './alert-text';
export { exporterAlerts } from './exporter-alerts';

export const burnRateAlertName = (kpi: Kpi) => `${pascal(kpi.id)}BudgetBurn`;
export const overdueAlertName = (timer: string) => `${pascal(timer)}Overdue`;
export const surgeAlertName = (kpi: Kpi) => `${pascal(kpi.id)}Surge`;
export const thresholdAlertName = (kpi: Kpi) => `${pascal(kpi.id)}High`;
export const figureAlertName = (figure: Figure) => pascal(figure.id);

/** The refresh query families a KPI's metrics come from: a stale one inhibits its alerts (Alertmanager). */
function sourceLabel(kpi: Pick<Kpi, 'numerator' | 'denominator'>): string {
  return [...new Set([...kpi.numerator.sources, ...kpi.denominator.sources])].sort().join(',');
}

function kpiLabels(kpi: Kpi, severity: string): Record<string, string> {
  return {
    severity,
    kpi: kpi.id,
    component: 'kpi',
    source: sourceLabel(kpi),
    // pages of this KPI reach the pager only within this Alertmanager time interval
    ...(severity === 'page' && kpi.page_in ? { page_in: kpi.page_in } : {}),
  };
}

function burnRateAlert(targets: Targets, kpi: Kpi, severity: AlertSeverity): AlertRule {
  const burn = kpi.alerts.burn_rate as NonNullable<Kpi['alerts']['burn_rate']>;
  const budget = errorBudget(kpi);
  const pairs = targets.burn_rate[severity];
  const clauses = pairs.map((w) => {
    const limit = `(${w.factor} * ${budget})`;
    return [
      `${badShare(kpi, w.long)} > ${limit}`,
      `${badShare(kpi, w.short)} > ${limit}`,
      // enough decided cases in both windows: too few in either is no evidence of a trend
      `${componentRecord('region', kpi.denominator, w.long)} >= ${burn.min_events}`,
      `${componentRecord('region', kpi.denominator, w.short)} >= ${burn.min_events}`,
    ].join('\n  and ');
  });
  const windowsEn = pairs.map((w) => `${w.factor}× over ${w.long} and ${w.short}`).join(', or ');
  const windowsZh = pairs.map((w) => `${w.long}与${w.short}窗口均超过${w.factor}倍`).join('，或');
  const name = burnRateAlertName(kpi);
  const longest = pairs.map((w) => w.long).sort((a, b) => seconds(b) - seconds(a))[0] as string;
  return {
    alert: name,
    expr: clauses.map((c) => `(\n  ${c}\n)`).join('\nor\n'),
    for: severity === 'page' ? '2m' : '15m',
    keep_firing_for: severity === 'page' ? '5m' : '30m',
    labels: kpiLabels(kpi, severity),
    annotations: {
      ...texts({
        summary: `${REGION_NAME}${kpi.zh}正在快速消耗误差预算`,
        description:
          `${REGION_NAME}（{{ $labels.region }}）告警窗口内不达标占比 {{ $value | humanizePercentage }}，` +
          `误差预算 ${percent(budget)}（${kpi.zh}目标 ${targetText(kpi)}）。消耗速率：${windowsZh}。`,
        summaryEn: `${kpi.title} is burning its error budget in ${REGION_NAME}`,
        descriptionEn:
          `{{ $value | humanizePercentage }} of the decided cases in ${REGION_NAME} ({{ $labels.region }}) missed ` +
          `the target over the alert window, against an error budget of ${percent(budget)} ` +
          `(${kpi.title} target ${targetText(kpi)}). Burn rate ${windowsEn}.`,
      }),
      ...links(targets, name, { kpi, window: longest }),
    },
  };
}

/**
 * Overdue items right now, per region, with the region's parent (the city at county level) for
 * Alertmanager to group dispatch notifications by; a region the exporter has not named keeps no parent.
 */
function countExpr(vector: string, above: number): string {
  const count = `sum by (region) (${vector}) > ${above}`;
  const parent = `max by (region, parent) (${metric('crm_region_info').name})`;
  return `(${count}) * on (region) group_left (parent) ${parent}\nor on (region)\n${count}`;
}

function overdueAlerts(targets: Targets, kpi: Kpi): AlertRule[] {
  if (!kpi.timer || !kpi.alerts.overdue) return [];
  const timer = kpi.timer;
  const name = overdueAlertName(timer);
  const item = overdueItem(timer);
  const gauge = timerMetric(timer, 'overdue').name;
  return kpi.alerts.overdue.map((o) => {
    const scope =
      o.severity === 'notify'
        ? { zh: '请调度跟进', en: 'dispatch, please follow up' }
        : { zh: `超过 ${o.above} 件，威胁时限达标`, en: `more than ${o.above} at once threatens the SLA` };
    return {
      alert: name,
      expr: countExpr(gauge, o.above),
      for: o.for,
      keep_firing_for: '5m',
      labels: kpiLabels(kpi, o.severity),
      annotations: {
        ...texts({
          summary: `${REGION_NAME}当前有 {{ $value }} 件${item.zh}`,
          description: `${REGION_NAME}（{{ $labels.region }}）当前有 {{ $value }} 件${item.zh}（${kpi.zh}）：${scope.zh}。`,
          summaryEn: `{{ $value }} ${item.en} right now in ${REGION_NAME}`,
          descriptionEn:
            `${REGION_NAME} ({{ $labels.region }}) has {{ $value }} ${item.en} right now ` +
            `(${item.subject}): ${scope.en}.`,
        }),
        ...links(targets, name, { kpi, window: '6h' }),
      },
    };
  });
}

/** What a figure's alert asks for: dispatch to follow up, or action now on a count that is a breach. */
function figureScope(o: CountAlert, unit: { zh: string; en: string }) {
  return o.severity === 'notify'
    ? { zh: '请调度跟进', en: 'dispatch, please follow up' }
    : {
        zh: `超过 ${o.above} ${unit.zh}，须立即处置`,
        en: `more than ${o.above} ${unit.en} needs action now`,
      };
}

/**
 * A figure's count per region right now above each declared threshold: a notification to dispatch, a
 * page only where the count is a breach. A CRM without the figure's relation publishes no series: the
 * sum is empty and nothing fires.
 */
function figureAlerts(targets: Targets, f: Figure): AlertRule[] {
  const name = figureAlertName(f);
  const unit = UNITS[f.unit];
  return f.alerts.map((o) => {
    const scope = figureScope(o, unit);
    return {
      alert: name,
      expr: countExpr(summands(f.component), o.above),
      for: o.for,
      keep_firing_for: '5m',
      labels: {
        severity: o.severity,
        figure: f.id,
        component: 'figure',
        source: sourceLabel({ numerator: f.component, denominator: f.component }),
      },
      annotations: {
        ...texts({
          summary: `${REGION_NAME}${f.zh}：{{ $value }} ${unit.zh}`,
          description: `${REGION_NAME}（{{ $labels.region }}）${f.zh}当前为 {{ $value }} ${unit.zh}：${scope.zh}。`,
          summaryEn: `${f.title} in ${REGION_NAME}: {{ $value }} ${unit.en}`,
          descriptionEn: `${f.title} in ${REGION_NAME} ({{ $labels.region }}) is {{ $value }} ${unit.en} right now: ${scope.en}.`,
        }),
        ...figureLinks(targets, name),
      },
    };
  });
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
    labels: kpiLabels(kpi, s.severity),
    annotations: {
      ...texts({
        summary: `${REGION_NAME}${kpi.zh}激增`,
        description:
          `${REGION_NAME}（{{ $labels.region }}）最近 ${s.window} ${kpi.zh}为 {{ $value | printf "%.1f" }}，` +
          `超过此前 ${s.baseline} 平均水平的 ${s.factor} 倍（目标 ${targetText(kpi)}）。`,
        summaryEn: `${kpi.title} surging in ${REGION_NAME}`,
        descriptionEn:
          `${REGION_NAME} ({{ $labels.region }}) had {{ $value | printf "%.1f" }} ${kpi.title.toLowerCase()} over ` +
          `the last ${s.window}, more than ${s.factor}× its average of the ${s.baseline} before.`,
      }),
      ...links(targets, name, { kpi, window: s.baseline }),
    },
  };
}

function thresholdAlert(targets: Targets, kpi: Kpi): AlertRule {
  const t = kpi.alerts.threshold as NonNullable<Kpi['alerts']['threshold']>;
  const name = thresholdAlertName(kpi);
  return {
    alert: name,
    expr: [
      `${badShare(kpi, t.window)} > ${t.above}`,
      `and ${componentRecord('region', kpi.denominator, t.window)} >= ${t.min_events}`,
    ].join('\n'),
    for: t.for,
    keep_firing_for: '30m',
    labels: kpiLabels(kpi, t.severity),
    annotations: {
      ...texts({
        summary: `${REGION_NAME}${kpi.zh}不达标过多`,
        description:
          `${REGION_NAME}（{{ $labels.region }}）最近 ${t.window} 不合格占比 {{ $value | humanizePercentage }}，` +
          `高于 ${percent(t.above)}（${kpi.zh}目标 ${targetText(kpi)}）。`,
        summaryEn: `${kpi.title}: too many failures in ${REGION_NAME}`,
        descriptionEn:
          `{{ $value | humanizePercentage }} of the ${kpi.denominator.id.replace(/^crm_/, '').replaceAll('_', ' ')} ` +
          `of the last ${t.window} in ${REGION_NAME} ({{ $labels.region }}) failed, above ${percent(t.above)} ` +
          `(${kpi.title} target ${targetText(kpi)}).`,
      }),
      ...links(targets, name, { kpi, window: t.window }),
    },
  };
}

const KPI_ALERTS = 'service_kpi_alerts';

export function alertGroups(targets: Targets): RuleGroup<AlertRule>[] {
  const kpiRules: AlertRule[] = [];
  for (const kpi of targets.kpis) {
    const a = kpi.alerts;
    for (const s of a.burn_rate?.severities ?? []) kpiRules.push(burnRateAlert(targets, kpi, s));
    kpiRules.push(...overdueAlerts(targets, kpi));
    if (a.surge) kpiRules.push(surgeAlert(targets, kpi));
    if (a.threshold) kpiRules.push(thresholdAlert(targets, kpi));
  }
  for (const f of targets.figures) kpiRules.push(...figureAlerts(targets, f));
  return [
    { name: KPI_ALERTS, rules: kpiRules },
    { name: 'crm_exporter_alerts', rules: exporterAlerts(targets) },
    { name: 'monitoring_alerts', rules: monitoringAlerts(targets) },
  ];
}
