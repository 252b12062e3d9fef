import { errorBudget, type Kpi, type Targets } from '../slo';
import { expectedAlert, REGION, regionInfo, type Series, type TestGroup } from './alert-test-model';
import {
  burnRateAlertName,
  overdueAlertName,
  surgeAlertName,
  thresholdAlertName,
  type AlertRule,
} from './alerts';
import { exporterTests } from './exporter-alert-tests';

/*
 * promtool unit tests for every KPI alert: it fires on a breach (with its labels and annotations), and
 * stays silent when the KPI is fine or the volume is tiny. Inputs are raw exporter series, so the
 * recording rules are exercised too. Expected values come from the scenario's arithmetic (all late →
 * "100%", 6 overdue → "6"), never from evaluating the rule's expression.
 */

/** A raw series of the KPI's component, labelled as the exporter labels it. */
function raw(kpi: Kpi, selector: string, values: string): Series {
  const [metric, matchers] = selector.includes('{') ? selector.split('{') : [selector, '}'];
  const extra = (matchers as string).replace(/}$/, '');
  const byValue = kpi.by === 'kind' ? 'fault' : 'residential';
  const labels = [`region="${REGION}"`, `${kpi.by}="${byValue}"`, ...(extra ? [extra] : [])];
  return { series: `${metric}{${labels.join(',')}}`, values };
}

function rulesNamed(all: AlertRule[], name: string): AlertRule[] {
  return all.filter((r) => r.alert === name);
}

function burnRateTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = burnRateAlertName(kpi);
  const mine = rulesNamed(rules, name);
  const scenario = (
    title: string,
    late: string,
    due: string,
    evalTime: string,
    fires: boolean,
  ): TestGroup => ({
    name: `${name}: ${title}`,
    interval: '1m',
    input_series: [
      regionInfo(30),
      raw(kpi, kpi.numerator.selector, late),
      raw(kpi, kpi.denominator.selector, due),
    ],
    alert_rule_test: [
      {
        eval_time: evalTime,
        alertname: name,
        // every decided case late: the ratio is exactly 1 in every window
        exp_alerts: fires ? mine.map((r) => expectedAlert(r, '100%', { region: REGION })) : [],
      },
    ],
  });
  const finePerMinute = Math.floor((100 * errorBudget(kpi)) / 2);
  const minEvents = kpi.alerts.burn_rate?.min_events ?? 1;
  return [
    scenario('fires when every case is late', '0+10x30', '0+10x30', '20m', true),
    scenario(`silent at half the error budget`, `0+${finePerMinute}x30`, '0+100x30', '20m', false),
    scenario(
      `silent below ${minEvents} decided cases`,
      `0+1x${minEvents - 1} ${minEvents - 1}x25`,
      `0+1x${minEvents - 1} ${minEvents - 1}x25`,
      '20m',
      false,
    ),
  ];
}

function overdueTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const timer = kpi.timer as string;
  const name = overdueAlertName(timer);
  const mine = rulesNamed(rules, name);
  const metric = `crm_${timer}_overdue`;
  const tests: TestGroup[] = [];
  for (const rule of mine) {
    const spec = (kpi.alerts.overdue ?? []).find((o) => o.severity === rule.labels.severity);
    const count = (spec?.above ?? 0) + 1;
    // every rule whose threshold the count passes fires, e.g. a backlog of 5 pages and tickets
    const firing = mine.filter((r) => {
      const s = (kpi.alerts.overdue ?? []).find((o) => o.severity === r.labels.severity);
      return count > (s?.above ?? 0);
    });
    tests.push({
      name: `${name}: ${count} overdue fires ${firing.map((r) => r.labels.severity).join(' and ')}`,
      interval: '1m',
      input_series: [regionInfo(20), raw(kpi, metric, `0x2 ${count}x18`)],
      alert_rule_test: [
        { eval_time: '1m', alertname: name, exp_alerts: [] },
        {
          eval_time: '15m',
          alertname: name,
          exp_alerts: firing.map((r) => expectedAlert(r, String(count), { region: REGION })),
        },
      ],
    });
  }
  tests.push({
    name: `${name}: silent when nothing is overdue`,
    interval: '1m',
    input_series: [regionInfo(20), raw(kpi, metric, '0x20')],
    alert_rule_test: [{ eval_time: '15m', alertname: name, exp_alerts: [] }],
  });
  return tests;
}

function surgeTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = surgeAlertName(kpi);
  const [rule] = rulesNamed(rules, name) as [AlertRule];
  // hourly samples: a week at 1 complaint an hour, then a day at 10 an hour; 10,000 customers
  const customers = raw(kpi, kpi.denominator.selector, '10000x204');
  const scenario = (title: string, complaints: string, fires: boolean, value: string): TestGroup => ({
    name: `${name}: ${title}`,
    interval: '1h',
    input_series: [regionInfo(204), customers, raw(kpi, kpi.numerator.selector, complaints)],
    alert_rule_test: [
      {
        eval_time: '204h',
        alertname: name,
        exp_alerts: fires ? [expectedAlert(rule, value, { region: REGION })] : [],
      },
    ],
  });
  return [
    // last day: 12 hours at 1 and 12 at 10 = 132 per 10k, against 3 × 24 a day before
    scenario('fires at 5× the usual daily complaints', '0+1x192 202+10x11', true, '132.0'),
    scenario('silent at the usual rate', '0+1x204', false, ''),
    scenario('silent below the minimum count', '0x200 1+1x3', false, ''),
  ];
}

function thresholdTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = thresholdAlertName(kpi);
  const [rule] = rulesNamed(rules, name) as [AlertRule];
  const scenario = (title: string, failed: string, all: string, fires: boolean): TestGroup => ({
    name: `${name}: ${title}`,
    interval: '1m',
    input_series: [
      regionInfo(25),
      raw(kpi, kpi.numerator.selector, failed),
      raw(kpi, kpi.denominator.selector, all),
    ],
    alert_rule_test: [
      {
        eval_time: '20m',
        alertname: name,
        exp_alerts: fires ? [expectedAlert(rule, '100%', { region: REGION })] : [],
      },
    ],
  });
  const min = kpi.alerts.threshold?.min_events ?? 1;
  return [
    scenario('fires when every report fails', '0+1x25', '0+1x25', true),
    scenario('silent when reports pass', '0x25', '0+1x25', false),
    scenario(
      `silent below ${min} reports`,
      `0+1x${min - 1} ${min - 1}x20`,
      `0+1x${min - 1} ${min - 1}x20`,
      false,
    ),
  ];
}

/**
 * The test groups by the evaluation step they need: minutes for burn rates, overdue items and the
 * exporter; hours for the surge, whose baseline is a week long (promtool evaluates every rule at every step).
 */
export function alertTestGroups(
  targets: Targets,
  rules: AlertRule[],
): { minutely: TestGroup[]; hourly: TestGroup[] } {
  const minutely: TestGroup[] = [];
  const hourly: TestGroup[] = [];
  for (const kpi of targets.kpis) {
    if (kpi.alerts.burn_rate) minutely.push(...burnRateTests(kpi, rules));
    if (kpi.alerts.overdue) minutely.push(...overdueTests(kpi, rules));
    if (kpi.alerts.surge) hourly.push(...surgeTests(kpi, rules));
    if (kpi.alerts.threshold) minutely.push(...thresholdTests(kpi, rules));
  }
  minutely.push(...exporterTests(targets));
  return { minutely, hourly };
}

/** The alert names a test group checks, to prove every alert is covered. */
export function testedAlertNames(groups: TestGroup[]): Set<string> {
  return new Set(groups.flatMap((g) => g.alert_rule_test.map((t) => t.alertname)));
}
