import { REGION_NAME, type AlertRule } from './alerts';

/** promtool's unit-test file format (Prometheus docs, "Unit testing for rules"). */
export interface Series {
  series: string;
  values: string;
}
export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
export interface TestGroup {
  name: string;
  interval: string;
  input_series: Series[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
}

export const REGION = 'ah.test.alpha';
export const REGION_TITLE = 'Alpha County';
export const INSTANCE = 'exporter:9742';

export function regionInfo(steps: number): Series {
  return {
    series: `crm_region_info{region="${REGION}",name="${REGION_TITLE}",parent="ah.test",level="county"}`,
    values: `1x${steps}`,
  };
}

/** Fills the fragments of an alert's template whose value the scenario knows. */
export function expectedAlert(rule: AlertRule, value: string, labels: Record<string, string>): ExpectedAlert {
  const render = (text: string) =>
    text
      .replaceAll(REGION_NAME, REGION_TITLE)
      .replaceAll('{{ $labels.region }}', labels.region ?? '')
      .replaceAll('{{ $labels.instance }}', labels.instance ?? '')
      .replaceAll('{{ $labels.family }}', labels.family ?? '')
      .replaceAll('{{ $labels.relation }}', labels.relation ?? '')
      .replaceAll('{{ $labels.reason }}', labels.reason ?? '')
      .replaceAll(/\{\{ \$value[^}]*\}\}/g, value);
  const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v)]));
  return { exp_labels: { ...rule.labels, ...labels }, exp_annotations: annotations };
}
