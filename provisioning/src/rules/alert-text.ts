import { metric } from '../catalog';
import { dashboardPath, headingAnchor } from '../grafana/links';
import { seconds, type Kpi, type Targets } from '../slo';

/** A Prometheus alerting rule as the rule file holds it. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The region's display name from crm_region_info, or its code when the exporter has not named it. */
export const REGION_NAME = `{{ with printf "${metric('crm_region_info').name}{region=%q}" $labels.region | query }}{{ . | first | label "name" }}{{ else }}{{ $labels.region }}{{ end }}`;

/** The SLO dashboard (uid fixed between the rules and the dashboards). */
export const SLO_DASHBOARD_PATH = '/d/skm-slo';

export function pascal(id: string): string {
  return id
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * runbook_url to the alert's section; dashboard_url to the SLO view of the KPI and region over the
 * alert's longest window (at least 6 h), or to the exporter's dashboard for the exporter's own alerts.
 */
export function links(
  targets: Targets,
  alert: string,
  to: { kpi: Kpi; window: string } | 'exporter',
): Record<string, string> {
  const runbook = `${targets.runbook_url}#${headingAnchor(alert)}`;
  if (to === 'exporter') {
    return { runbook_url: runbook, dashboard_url: `${targets.grafana_url}${dashboardPath('exporter')}` };
  }
  const range = seconds(to.window) > seconds('6h') ? to.window : '6h';
  const query = `var-kpi=${to.kpi.id}&var-region={{ $labels.region }}&from=now-${range}&to=now`;
  return { runbook_url: runbook, dashboard_url: `${targets.grafana_url}${SLO_DASHBOARD_PATH}?${query}` };
}

/** A figure's alert: runbook_url to its section, dashboard_url to the region's drill-down (its live row). */
export function figureLinks(targets: Targets, alert: string): Record<string, string> {
  const query = 'var-region={{ $labels.region }}&from=now-6h&to=now';
  return {
    runbook_url: `${targets.runbook_url}#${headingAnchor(alert)}`,
    dashboard_url: `${targets.grafana_url}${dashboardPath('region')}?${query}`,
  };
}

export function percent(x: number): string {
  return `${Number((x * 100).toFixed(4))} %`;
}

/** How the KPI's target reads, in the terms a dashboard shows it. */
export function targetText(kpi: Kpi): string {
  const bound = kpi.direction === 'higherIsBetter' ? '≥' : '≤';
  const value = kpi.scale === 1 ? percent(kpi.target) : String(kpi.target);
  return `${bound} ${value}`;
}

/** Chinese and English annotations: `summary`/`description` in Chinese, `…_en` in English. */
export function texts(t: { summary: string; description: string; summaryEn: string; descriptionEn: string }) {
  return {
    summary: t.summary,
    description: t.description,
    summary_en: t.summaryEn,
    description_en: t.descriptionEn,
  };
}
