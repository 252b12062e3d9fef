import { timerMetric } from '../catalog';
import {
  errorBudget,
  recordsBadShare,
  seconds,
  type AlertSeverity,
  type CountAlert,
  type Figure,
  type Kpi,
  type Targets,
} from '../slo';
import {
  expectedAlert,
  PARENT,
  raw,
  rawComponent,
  REGION,
  regionInfo,
  type ExpectedAlert,
  type Series,
  type TestGroup,
} from './alert-test-model';
import {
  burnRateAlertName,
  figureAlertName,
  overdueAlertName,
  surgeAlertName,
  thresholdAlertName,
  type AlertRule,
} from './alerts';
import { correctionTests } from './correction-tests';
import { hourlyRecord } from './names';
import { exporterTests } from './exporter-alert-tests';

/*
 * promtool unit tests for every KPI alert: it fires on a breach (with its labels and annotations), and
 * stays silent when the KPI is fine or the volume is tiny. Inputs are raw exporter series, so the
 * recording rules are exercised too. Expected values come from the scenario's arithmetic (all late →
 * "100%", 6 overdue → "6"), never from evaluating the rule's expression.
 *
 * promtool evaluates every group at every step of the file, ignoring a group's `interval`: windows of a
 * day or more, built from the hourly group, are right only in the file evaluated once an hour. So page
 * burn rates, overdue items and the exporter are tested minute by minute, and ticket burn rates, the
 * surge and day-long thresholds hour by hour.
 */

export function rulesNamed(all: AlertRule[], name: string, severity?: string): AlertRule[] {
  return all.filter((r) => r.alert === name && (severity === undefined || r.labels.severity === severity));
}

/** How Prometheus' humanizePercentage prints a share: four significant digits. */
function humanPercent(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}

function burnScenario(
  kpi: Kpi,
  name: string,
  interval: string,
  series: { late: string; due: string; steps: number },
  evalTime: string,
  expected: ExpectedAlert[],
): TestGroup {
  return {
    name: `${burnRateAlertName(kpi)}: ${name}`,
    interval,
    input_series: [
      regionInfo(series.steps),
      rawComponent(kpi, kpi.numerator, series.late),
      rawComponent(kpi, kpi.denominator, series.due),
    ],
    alert_rule_test: [{ eval_time: evalTime, alertname: burnRateAlertName(kpi), exp_alerts: expected }],
  };
}

/** Numerator and denominator growing steadily, `bad` of every `due` cases bad (the numerator counts good ones where the ratio does). */
function shares(kpi: Kpi, badPerStep: number, duePerStep: number, steps: number) {
  const numerator = recordsBadShare(kpi) ? badPerStep : duePerStep - badPerStep;
  return { late: `0+${numerator}x${steps}`, due: `0+${duePerStep}x${steps}`, steps };
}

/** Every decided case bad. */
function allBad(kpi: Kpi, due: string, steps: number) {
  return { late: recordsBadShare(kpi) ? due : `0x${steps}`, due, steps };
}

/** Page burn rates, minute by minute: a ticket's `for` (15m) is not reached before 15 minutes. */
function pageBurnTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = burnRateAlertName(kpi);
  const pages = rulesNamed(rules, name, 'page');
  const tickets = rulesNamed(rules, name, 'ticket');
  const budget = errorBudget(kpi);
  const min = kpi.alerts.burn_rate?.min_events ?? 1;
  const at = { region: REGION };
  return [
    burnScenario(
      kpi,
      'pages when every case is late',
      '1m',
      shares(kpi, 10, 10, 30),
      '10m',
      pages.map((r) => expectedAlert(r, '100%', at)),
    ),
    burnScenario(kpi, 'silent at half the error budget', '1m', shares(kpi, 50 * budget, 100, 30), '20m', []),
    burnScenario(
      kpi,
      `silent below ${min} decided cases`,
      '1m',
      allBad(kpi, `0+1x${min - 1} ${min - 1}x25`, 30),
      '20m',
      [],
    ),
    // 100 late cases 40 minutes ago, then one every ten minutes: both long windows are all late and
    // full, but neither short window holds min_events cases, so no page (min_events on the long window
    // only, as before, paged here); the slower ticket pair sees the burst
    burnScenario(
      kpi,
      `silent below ${min} decided cases in the short window: a burst long ago raises a ticket, no page`,
      '1m',
      allBad(kpi, '0+20x5 100+0.1x40', 45),
      '44m',
      tickets.map((r) => expectedAlert(r, '100%', at)),
    ),
  ].filter((t) => !(t.name.includes('pages when') && pages.length === 0));
}

/** Ticket burn rates, hour by hour, over days of minute samples. */
function ticketBurnTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = burnRateAlertName(kpi);
  const tickets = rulesNamed(rules, name, 'ticket');
  const budget = errorBudget(kpi);
  const min = kpi.alerts.burn_rate?.min_events ?? 1;
  const at = { region: REGION };
  return [
    // 4× the budget for a day: above the ticket's 3× and 1×, below the page's 6× and 14.4×
    burnScenario(
      kpi,
      'a slow burn at 4× the budget raises a ticket, no page',
      '1m',
      shares(kpi, 40 * budget, 10, 1600),
      '26h',
      tickets.map((r) => expectedAlert(r, humanPercent(4 * budget), at)),
    ),
    burnScenario(
      kpi,
      'silent at half the budget for a day',
      '1m',
      shares(kpi, 5 * budget, 10, 1600),
      '26h',
      [],
    ),
    // one case every two hours, all late: the day holds 12, the 2-hour and 6-hour windows fewer than 5
    burnScenario(
      kpi,
      `silent below ${min} decided cases in the short window (one late case every two hours)`,
      '30m',
      allBad(kpi, '0+0.25x60', 60),
      '26h',
      [],
    ),
  ];
}

/**
 * Count alerts (overdue items, figures): each threshold passed fires its rule with the count as value,
 * a count at zero is silent, and so is a CRM that publishes no such series (an optional v2 relation).
 */
function countTests(
  name: string,
  rules: AlertRule[],
  specs: CountAlert[],
  series: (values: string) => Series,
  item: string,
): TestGroup[] {
  const mine = rulesNamed(rules, name);
  // evaluated once the longest `for` has passed since the count appeared (at 2m)
  const at = Math.max(15, Math.ceil(Math.max(...specs.map((o) => seconds(o.for))) / 60) + 5);
  const steps = at + 5;
  const evalAt = `${at}m`;
  const aboveOf = (r: AlertRule) => specs.find((o) => o.severity === r.labels.severity)?.above ?? 0;
  const counts = [...new Set(mine.map((r) => aboveOf(r) + 1))].sort((a, b) => a - b);
  const tests: TestGroup[] = counts.map((count) => {
    // every rule whose threshold the count passes fires, e.g. three late crews: a notification and a page
    const firing = mine.filter((r) => count > aboveOf(r));
    const severities = firing.map((r) => r.labels.severity);
    const title =
      count === 1
        ? `a single ${item} ${severities.includes('notify') ? 'notifies dispatch' : 'alerts'}${severities.includes('page') ? '' : ', no page'}`
        : `${count} ${item}s fire ${severities.join(' and ')}`;
    return {
      name: `${name}: ${title}`,
      interval: '1m',
      input_series: [regionInfo(steps), series(`0x2 ${count}x${steps - 2}`)],
      alert_rule_test: [
        { eval_time: '1m', alertname: name, exp_alerts: [] },
        {
          eval_time: evalAt,
          alertname: name,
          exp_alerts: firing.map((r) => expectedAlert(r, String(count), { region: REGION, parent: PARENT })),
        },
      ],
    };
  });
  const first = counts[0] ?? 1;
  tests.push(
    {
      name: `${name}: alerts without a parent for a region the exporter has not named`,
      interval: '1m',
      input_series: [series(`0x2 ${first}x${steps - 2}`)],
      alert_rule_test: [
        {
          eval_time: evalAt,
          alertname: name,
          exp_alerts: mine
            .filter((r) => first > aboveOf(r))
            .map((r) => expectedAlert(r, String(first), { region: REGION }, REGION)),
        },
      ],
    },
    {
      name: `${name}: silent when nothing is counted`,
      interval: '1m',
      input_series: [regionInfo(steps), series(`0x${steps}`)],
      alert_rule_test: [{ eval_time: evalAt, alertname: name, exp_alerts: [] }],
    },
    {
      name: `${name}: silent when the exporter publishes no such series (a CRM without it)`,
      interval: '1m',
      input_series: [regionInfo(steps)],
      alert_rule_test: [{ eval_time: evalAt, alertname: name, exp_alerts: [] }],
    },
  );
  return tests;
}

function overdueTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const timer = kpi.timer as string;
  const metric = timerMetric(timer, 'overdue').name;
  return countTests(
    overdueAlertName(timer),
    rules,
    kpi.alerts.overdue ?? [],
    (values) => raw(kpi, metric, values),
    'overdue item',
  );
}

function figureTests(f: Figure, rules: AlertRule[]): TestGroup[] {
  return countTests(
    figureAlertName(f),
    rules,
    f.alerts,
    (values) => rawComponent(f, f.component, values),
    f.unit === 'customers' ? 'customer' : 'item',
  );
}

function surgeTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = surgeAlertName(kpi);
  const [rule] = rulesNamed(rules, name) as [AlertRule];
  // 15-minute samples: a week at 1 complaint an hour, then a day at 10 an hour; 10,000 customers
  const customers = rawComponent(kpi, kpi.denominator, '10000x816');
  const scenario = (title: string, complaints: string, fires: boolean, value: string): TestGroup => ({
    name: `${name}: ${title}`,
    interval: '15m',
    input_series: [regionInfo(816), customers, rawComponent(kpi, kpi.numerator, complaints)],
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
    scenario('fires at 5× the usual daily complaints', '0+0.25x768 194.5+2.5x47', true, '132.0'),
    scenario('silent at the usual rate', '0+0.25x816', false, ''),
    scenario('silent below the minimum count', '0x800 0.25+0.25x15', false, ''),
  ];
}

function thresholdTests(kpi: Kpi, rules: AlertRule[]): TestGroup[] {
  const name = thresholdAlertName(kpi);
  const [rule] = rulesNamed(rules, name) as [AlertRule];
  const scenario = (title: string, failed: string, all: string, fires: boolean): TestGroup => ({
    name: `${name}: ${title}`,
    interval: '15m',
    input_series: [
      regionInfo(100),
      rawComponent(kpi, kpi.numerator, failed),
      rawComponent(kpi, kpi.denominator, all),
    ],
    alert_rule_test: [
      {
        eval_time: '20h',
        alertname: name,
        exp_alerts: fires ? [expectedAlert(rule, '100%', { region: REGION })] : [],
      },
    ],
  });
  const min = kpi.alerts.threshold?.min_events ?? 1;
  return [
    scenario('fires when every report fails', '0+1x100', '0+1x100', true),
    scenario('silent when reports pass', '0x100', '0+1x100', false),
    scenario(
      `silent below ${min} reports`,
      `0+1x${min - 1} ${min - 1}x90`,
      `0+1x${min - 1} ${min - 1}x90`,
      false,
    ),
  ];
}

/**
 * A component summing several series (both halves of rate 6): its hourly increase adds the parts (1 and
 * 2 a minute: 60 + 120 an hour), and stands on one part when the CRM lacks the other's relation.
 */
function sumTests(kpi: Kpi): TestGroup[] {
  return [kpi.numerator, kpi.denominator]
    .filter((c) => c.selectors.length > 1)
    .flatMap((c) => {
      const record = hourlyRecord('region', c);
      const series = c.selectors.map((selector, i) => raw(kpi, selector, `0+${i + 1}x90`));
      const hourly = (values: number) => ({
        expr: record,
        eval_time: '90m',
        exp_samples: [{ labels: `${record}{region="${REGION}"}`, value: values }],
      });
      const all = c.selectors.reduce((n, _, i) => n + 60 * (i + 1), 0);
      return [
        {
          name: `${record}: adds its ${c.selectors.length} parts`,
          interval: '1m',
          input_series: series,
          alert_rule_test: [],
          promql_expr_test: [hourly(all)],
        },
        {
          name: `${record}: stands on its first part when the others are not published`,
          interval: '1m',
          input_series: series.slice(0, 1),
          alert_rule_test: [],
          promql_expr_test: [hourly(60)],
        },
      ];
    });
}

const has = (kpi: Kpi, s: AlertSeverity) => kpi.alerts.burn_rate?.severities.includes(s) ?? false;

/**
 * The test groups by the evaluation step they need: minutes for page burn rates, overdue items, counter
 * corrections and the exporter; hours for whatever reads a window of a day or more.
 */
export function alertTestGroups(
  targets: Targets,
  rules: AlertRule[],
): { minutely: TestGroup[]; hourly: TestGroup[] } {
  const minutely: TestGroup[] = [];
  const hourly: TestGroup[] = [];
  for (const kpi of targets.kpis) {
    if (has(kpi, 'page')) minutely.push(...pageBurnTests(kpi, rules));
    if (has(kpi, 'ticket')) hourly.push(...ticketBurnTests(kpi, rules));
    if (kpi.alerts.overdue) minutely.push(...overdueTests(kpi, rules));
    if (kpi.alerts.surge) hourly.push(...surgeTests(kpi, rules));
    if (kpi.alerts.threshold) hourly.push(...thresholdTests(kpi, rules));
    minutely.push(...sumTests(kpi));
  }
  for (const f of targets.figures) if (f.alerts.length > 0) minutely.push(...figureTests(f, rules));
  minutely.push(...correctionTests(targets, rules), ...exporterTests(targets));
  return { minutely, hourly };
}

/** The alert names a test group checks, to prove every alert is covered. */
export function testedAlertNames(groups: TestGroup[]): Set<string> {
  return new Set(groups.flatMap((g) => g.alert_rule_test.map((t) => t.alertname)));
}
