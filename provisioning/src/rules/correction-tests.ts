import { EXPORTER_JOB, selfMetric } from '../catalog';
import { SLO_SERIES, componentRecord } from './names';
import type { Targets } from '../slo';
import { INSTANCE, rawComponent, REGION, regionInfo, type TestGroup } from './alert-test-model';
import { burnRateAlertName, type AlertRule } from './alerts';

/**
 * A 1-row correction of a counter at 5,000 (issue 10 §1). Since the output contract v2 the exporter
 * holds a counter at its published value until the true count catches up, so the wire shows a flat
 * series: the rules see no increase and nothing pages. The same correction published as a decrease
 * (before v2) is read by Prometheus as a counter reset, increase() counts the whole 4,999 again and the
 * page fires: the test that shows why the exporter must hold.
 */
export function correctionTests(targets: Targets, rules: AlertRule[]): TestGroup[] {
  const kpi = targets.kpis.find((k) => k.alerts.burn_rate?.severities.includes('page'));
  if (!kpi) return [];
  const name = burnRateAlertName(kpi);
  const page = rules.find((r) => r.alert === name && r.labels.severity === 'page') as AlertRule;
  const due = rawComponent(kpi, kpi.denominator, '100000+20x30');
  const holdback = {
    series: `${selfMetric('crm_exporter_counter_holdback')}{job="${EXPORTER_JOB}",instance="${INSTANCE}",family="${kpi.numerator.sources[0] ?? ''}"}`,
    values: '0x10 1x20',
  };
  const alertLabels = Object.entries({
    ...page.labels,
    alertname: name,
    alertstate: 'firing',
    region: REGION,
  })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return [
    {
      name: `${name}: a 1-row correction held by the exporter (flat on the wire) does not page`,
      interval: '1m',
      input_series: [regionInfo(30), rawComponent(kpi, kpi.numerator, '5000x30'), due, holdback],
      alert_rule_test: [{ eval_time: '20m', alertname: name, exp_alerts: [] }],
      promql_expr_test: [
        {
          // the held series adds nothing: no late case in the hour, a burn rate of 0
          expr: componentRecord('region', kpi.numerator, '1h'),
          eval_time: '20m',
          exp_samples: [
            { labels: `${componentRecord('region', kpi.numerator, '1h')}{region="${REGION}"}`, value: 0 },
          ],
        },
        {
          expr: `${SLO_SERIES.burnRate}{window="5m"}`,
          eval_time: '20m',
          exp_samples: [
            { labels: `${SLO_SERIES.burnRate}{kpi="${kpi.id}",region="${REGION}",window="5m"}`, value: 0 },
          ],
        },
      ],
    },
    {
      name: `${name}: the same correction published as a decrease reads as a counter reset and pages (why the exporter holds)`,
      interval: '1m',
      input_series: [regionInfo(30), rawComponent(kpi, kpi.numerator, '5000x10 4999x20'), due],
      alert_rule_test: [],
      promql_expr_test: [
        {
          expr: `ALERTS{alertname="${name}",alertstate="firing",severity="page"}`,
          eval_time: '20m',
          exp_samples: [{ labels: `ALERTS{${alertLabels}}`, value: 1 }],
        },
      ],
    },
  ];
}
