import { parser } from '@prometheus-io/lezer-promql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVISIONING_DIR } from '../../src/slo';
import { METRICS } from '@service-kpi-monitor/catalog';

export interface Selector {
  metric: string;
  labels: string[];
}

/** Parses with Prometheus' own lezer grammar: the error nodes' offsets, and every vector selector. */
export function analyse(expr: string): { errors: number[]; selectors: Selector[] } {
  const errors: number[] = [];
  const selectors: Selector[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
      if (node.name !== 'VectorSelector') return;
      const metric = node.node.getChild('Identifier');
      const labels: string[] = [];
      const matchers = node.node.getChild('LabelMatchers');
      matchers?.toTree().iterate({
        enter: (m) => {
          if (m.name === 'LabelName') labels.push(expr.slice(matchers.from + m.from, matchers.from + m.to));
        },
      });
      selectors.push({ metric: metric ? expr.slice(metric.from, metric.to) : '', labels });
    },
  });
  return { errors, selectors };
}

/**
 * Series Prometheus adds for every scrape target (Prometheus docs: "Jobs and instances"), the alerts'
 * own ALERTS series, and the self-metrics of Prometheus and Alertmanager the monitoring alerts read.
 */
export const SCRAPE_SERIES = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'ALERTS',
  'prometheus_rule_evaluation_failures_total',
  'prometheus_rule_group_iterations_missed_total',
  'prometheus_rule_group_last_duration_seconds',
  'prometheus_rule_group_interval_seconds',
  'prometheus_config_last_reload_successful',
  'prometheus_notifications_errors_total',
  'prometheus_notifications_dropped_total',
  'alertmanager_notifications_failed_total',
  'alertmanager_config_last_reload_successful',
]);
const TARGET_LABELS = ['job', 'instance'];

/** Every series name the exporter exposes, from the catalogue (@service-kpi-monitor/catalog), with each one's labels. */
export function exporterSeries(): Map<string, string[]> {
  const series = new Map<string, string[]>();
  for (const m of METRICS) {
    const labels = [...m.labels, ...TARGET_LABELS];
    if (m.type === 'histogram') {
      series.set(`${m.name}_bucket`, [...labels, 'le']);
      series.set(`${m.name}_sum`, labels);
      series.set(`${m.name}_count`, labels);
    } else {
      series.set(m.name, labels);
    }
  }
  return series;
}

export function dashboardJson(uid: string): DashboardJson {
  return JSON.parse(
    readFileSync(join(PROVISIONING_DIR, 'grafana', 'dashboards', `${uid}.json`), 'utf8'),
  ) as DashboardJson;
}

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; expr: string; legendFormat?: string; instant?: boolean }[];
  options?: Record<string, unknown>;
  fieldConfig?: {
    defaults: {
      unit?: string;
      noValue?: string;
      links?: { url: string; title: string }[];
      mappings?: { type: string; options: Record<string, { text: string }> }[];
      thresholds?: { steps: { value: number | null; color: string }[] };
    };
  };
}
export interface VariableJson {
  name: string;
  type: string;
  query: unknown;
  label?: string;
  regex?: string;
  current?: { text: string; value: string };
  options?: { text: string; value: string }[];
}
export interface DashboardJson {
  uid: string;
  title: string;
  timezone: string;
  description?: string;
  links: { url: string; title: string; keepTime: boolean }[];
  annotations: { list?: { expr?: string; name: string }[] };
  panels: PanelJson[];
  templating: { list: VariableJson[] };
  time: { from: string; to: string };
  refresh: string;
}

/**
 * A dashboard query as Prometheus would receive it: Grafana's range variables replaced, `$region` by a
 * region code, and each custom variable by each of its values (one query per value).
 */
export function interpolations(expr: string, dashboard: DashboardJson): string[] {
  let variants = [
    expr
      .replaceAll('$__rate_interval', '2m')
      .replaceAll('$__range_s', '2592000')
      .replaceAll('$__range', '30d')
      .replaceAll('$kpi', 'repair_arrival_late')
      .replaceAll('$region', 'ah.wuhu.nanling'),
  ];
  for (const v of dashboard.templating.list.filter((x) => x.type === 'custom')) {
    const values = (v.options ?? []).map((o) => o.value);
    variants = variants.flatMap((e) =>
      e.includes(`\${${v.name}}`) ? values.map((value) => e.replaceAll(`\${${v.name}}`, value)) : [e],
    );
  }
  return variants;
}

export const DASHBOARD_UIDS = ['skm-wall', 'skm-heatmaps', 'skm-region', 'skm-slo', 'skm-exporter'];

/** Every PromQL query of every dashboard, interpolated, with where it comes from. */
export function dashboardQueries(): { where: string; expr: string }[] {
  return DASHBOARD_UIDS.flatMap((uid) => {
    const d = dashboardJson(uid);
    return d.panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) =>
        interpolations(t.expr, d).map((expr) => ({ where: `${uid} / ${p.title} / ${t.refId}`, expr })),
      ),
    );
  });
}
