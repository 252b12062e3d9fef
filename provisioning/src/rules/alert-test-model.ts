import { metric } from '../catalog';
import type { Breakdown, Component } from '../slo';
import { REGION_NAME, type AlertRule } from './alert-text';

/** promtool's unit-test file format (Prometheus docs, "Unit testing for rules"). */
export interface Series {
  series: string;
  values: string;
}
export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
export interface ExpectedSample {
  labels: string;
  value: number;
}
export interface TestGroup {
  name: string;
  interval: string;
  input_series: Series[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: ExpectedSample[] }[];
}

export const REGION = 'ah.test.alpha';
export const REGION_TITLE = 'Alpha County';
export const PARENT = 'ah.test';
export const INSTANCE = 'exporter:9742';

export function regionInfo(steps: number): Series {
  return {
    series: `${metric('crm_region_info').name}{region="${REGION}",name="${REGION_TITLE}",parent="${PARENT}",level="county"}`,
    values: `1x${steps}`,
  };
}

/** Fills the fragments of an alert's template whose value the scenario knows. */
export function expectedAlert(
  rule: AlertRule,
  value: string,
  labels: Record<string, string>,
  regionName = REGION_TITLE,
): ExpectedAlert {
  const render = (text: string) =>
    text
      .replaceAll(REGION_NAME, regionName)
      .replaceAll('{{ $labels.region }}', labels.region ?? '')
      .replaceAll('{{ $labels.instance }}', labels.instance ?? '')
      .replaceAll('{{ $labels.family }}', labels.family ?? '')
      .replaceAll('{{ $labels.relation }}', labels.relation ?? '')
      .replaceAll('{{ $labels.reason }}', labels.reason ?? '')
      .replaceAll('{{ $labels.rule_group }}', labels.rule_group ?? '')
      .replaceAll('{{ $labels.integration }}', labels.integration ?? '')
      .replaceAll(/\{\{ \$value[^}]*\}\}/g, value);
  const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v)]));
  return { exp_labels: { ...rule.labels, ...labels }, exp_annotations: annotations };
}

/** The breakdown's value in test series. */
const BY_VALUE: Record<Breakdown, string> = {
  segment: 'residential',
  kind: 'fault',
  type: 'complaint',
  queue: 'repair',
  stage: 'design_review',
  credit_grade: 'C',
};

/** A raw series of a selector, labelled as the exporter labels it (region and the breakdown). */
export function raw(owner: { by: Breakdown }, selector: string, values: string): Series {
  const [metric, matchers] = selector.includes('{') ? selector.split('{') : [selector, '}'];
  const extra = (matchers as string).replace(/}$/, '');
  const labels = [`region="${REGION}"`, `${owner.by}="${BY_VALUE[owner.by]}"`, ...(extra ? [extra] : [])];
  return { series: `${metric}{${labels.join(',')}}`, values };
}

/**
 * A component's raw series: its first selector only. The other parts of a sum are absent, as from a CRM
 * without their (optional) relation: the sum must stand on the part that is there.
 */
export function rawComponent(owner: { by: Breakdown }, c: Component, values: string): Series {
  return raw(owner, c.selectors[0] as string, values);
}
