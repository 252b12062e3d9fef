import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headingAnchor } from '../src/grafana/links';
import { sourceFamilies } from '../src/catalog';
import { loadTargets } from '../src/slo';
import { committedRules, readYaml, REPO_DIR } from './support/files';

interface TestFile {
  tests: { name: string; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const alerts = committedRules().filter((r) => r.alert);
const tests = [
  'prometheus/tests/alerts.test.generated.yml',
  'prometheus/tests/alerts-hourly.test.generated.yml',
].flatMap((f) => readYaml<TestFile>(f).tests);
const names = [...new Set(alerts.map((a) => a.alert as string))];
const runbook = readFileSync(join(REPO_DIR, 'docs', 'runbook.md'), 'utf8');
const targets = loadTargets();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('alert rules', () => {
  it('cover every KPI alert the SLA file asks for, and the exporter', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'WorkOrderTimeoutBudgetBurn',
        'RepairArrivalLateBudgetBurn',
        'RepairRestorationLateBudgetBurn',
        'OutageInfoReportLateBudgetBurn',
        'RestorationInfoReportLateBudgetBurn',
        'WorkOrderClosureOverdue',
        'RepairArrivalOverdue',
        'OutageNoticeOverdue',
        'OutageInfoReportOverdue',
        'RestorationInfoReportOverdue',
        'ComplaintsPer10kSurge',
        'OutageInfoInvalidHigh',
        'CrmExporterDown',
        'CrmExporterDataStale',
        'CrmExporterRefreshFailing',
        'CrmExporterInvalidRows',
        'Watchdog',
        'PrometheusRuleEvaluationFailures',
        'PrometheusRuleGroupIterationsMissed',
        'AlertmanagerNotificationsFailing',
      ]),
    );
  });

  it.each(names)('%s has a firing test, a silent test and a tiny-volume or all-clear test', (name) => {
    const cases = tests.flatMap((t) =>
      t.alert_rule_test.filter((c) => c.alertname === name).map((c) => ({ t, c })),
    );
    expect(cases.some(({ c }) => c.exp_alerts.length > 0)).toBe(true);
    // the dead-man's switch is the one alert that is never silent
    if (name !== 'Watchdog')
      expect(cases.filter(({ c }) => c.exp_alerts.length === 0).length).toBeGreaterThanOrEqual(1);
    const rule = alerts.find((a) => a.alert === name);
    if (/>= \d+/.test(rule?.expr ?? '')) {
      // a min-volume guard exists: a test proves it keeps the alert silent
      expect(tests.some((t) => t.name.startsWith(`${name}: silent below`))).toBe(true);
    }
  });

  it.each(alerts.map((a, i) => [`${a.alert} #${i}`, a] as const))(
    '%s is labelled and annotated, in Chinese and in English',
    (_, rule) => {
      const severity = rule.labels?.severity;
      expect(rule.alert === 'Watchdog' ? ['none'] : ['page', 'ticket', 'notify']).toContain(severity);
      expect(['kpi', 'figure', 'exporter', 'monitoring']).toContain(rule.labels?.component);
      for (const key of ['summary', 'description']) {
        expect(rule.annotations?.[key]).toMatch(/\p{Script=Han}/u);
        expect(rule.annotations?.[`${key}_en`]).toBeTruthy();
        expect(rule.annotations?.[`${key}_en`]).not.toMatch(/\p{Script=Han}/u);
      }
      if (rule.labels?.component === 'kpi') {
        const kpi = targets.kpis.find((k) => k.id === rule.labels?.kpi);
        expect(kpi).toBeDefined();
        expect(rule.annotations?.description).toContain('{{ $labels.region }}');
        expect(rule.annotations?.description).toContain(kpi?.zh);
        expect(rule.annotations?.dashboard_url).toMatch(
          new RegExp(
            `^${escape(targets.grafana_url)}/d/skm-slo\\?var-kpi=${kpi?.id}&var-region=\\{\\{ \\$labels\\.region \\}\\}&from=now-\\d+[mhd]&to=now$`,
          ),
        );
        // the refresh query families its metrics come from: a stale one inhibits it, another does not
        for (const family of (rule.labels.source ?? '').split(','))
          expect(sourceFamilies()).toContain(family);
      } else if (rule.labels?.component === 'figure') {
        const figure = targets.figures.find((f) => f.id === rule.labels?.figure);
        expect(rule.annotations?.description).toContain('{{ $labels.region }}');
        expect(rule.annotations?.description).toContain(figure?.zh);
        expect(rule.annotations?.dashboard_url).toBe(
          `${targets.grafana_url}/d/skm-region/region-drill-down?var-region={{ $labels.region }}&from=now-6h&to=now`,
        );
        expect((rule.labels.source ?? '').split(',')).toEqual(figure?.component.sources);
      } else {
        expect(rule.annotations?.dashboard_url).toBe(`${targets.grafana_url}/d/skm-exporter/exporter-health`);
      }
      expect(rule.annotations?.runbook_url).toBe(
        `${targets.runbook_url}#${(rule.alert as string).toLowerCase()}`,
      );
    },
  );

  it('link to a runbook section that exists for each alert', () => {
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) => headingAnchor(m[1] as string)),
    );
    const missing = names.filter((n) => !anchors.has(n.toLowerCase()));
    expect(missing).toEqual([]);
  });

  it('have first-response steps in Chinese in their runbook section', () => {
    const sections = runbook.split(/^### /m).slice(1);
    const without = names.filter((n) => {
      const section = sections.find((x) => x.startsWith(`${n}\n`)) ?? '';
      return !/\*\*首要处置\*\*：\p{Script=Han}/u.test(section);
    });
    expect(without).toEqual([]);
  });

  it('are each listed in the stack documentation', () => {
    const stack = readFileSync(join(REPO_DIR, 'docs', 'stack.md'), 'utf8');
    expect(names.filter((n) => !new RegExp(`^\\| ${n} +\\|`, 'm').test(stack))).toEqual([]);
  });

  it('page only on burn rates, several items at once, the exporter and failing rules', () => {
    const pages = alerts.filter((a) => a.labels?.severity === 'page');
    for (const p of pages.filter((a) => a.labels?.component !== 'figure'))
      expect(p.alert).toMatch(
        /BudgetBurn$|Overdue$|^CrmExporter(Down|DataStale)$|^PrometheusRuleEvaluationFailures$/,
      );
    // a single overdue item or counted figure never pages: every such page needs at least two
    for (const p of pages.filter((a) => a.alert?.endsWith('Overdue') || a.labels?.component === 'figure')) {
      const [, above] = /\) > (\d+)\)/.exec(p.expr) ?? [];
      expect(Number(above)).toBeGreaterThanOrEqual(1);
    }
  });

  it('notify dispatch of every overdue item of every overdue gauge', () => {
    const overdue = targets.kpis.filter((k) => k.alerts.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    for (const k of overdue) {
      const notify = alerts.filter((a) => a.labels?.kpi === k.id && a.labels.severity === 'notify');
      expect(notify.map((a) => a.expr.split('\n')[0])).toEqual([
        `(sum by (region) (crm_${k.timer}_overdue) > 0) * on (region) group_left (parent) max by (region, parent) (crm_region_info)`,
      ]);
      // and the promtool suite proves that one item notifies and does not page
      expect(tests.map((t) => t.name)).toContain(
        `${notify[0]?.alert as string}: a single overdue item notifies dispatch, no page`,
      );
    }
  });

  it('tell dispatch of customers without power, and page only on a count that is a breach', () => {
    const off = alerts.filter((a) => a.alert === 'CustomersWithoutPower');
    expect(off.map((a) => [a.labels?.severity, /> (\d+)\)/.exec(a.expr)?.[1], a.labels?.source])).toEqual([
      ['notify', '999', 'outages'],
      ['page', '9999', 'outages'],
    ]);
    expect(tests.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'CustomersWithoutPower: 1000 customers fire notify',
        'CustomersWithoutPower: 10000 customers fire notify and page',
        'CustomersWithoutPower: silent when the exporter publishes no such series (a CRM without it)',
      ]),
    );
  });

  it('notify dispatch at once of a sensitive customer’s overdue order, and never page on it', () => {
    const sensitive = alerts.filter((a) => a.alert === 'SensitiveWorkOrdersOverdue');
    expect(sensitive.map((a) => [a.labels?.severity, a.for, a.labels?.source])).toEqual([
      ['notify', '1m', 'customer_work_orders'],
    ]);
    expect(tests.map((t) => t.name)).toContain(
      'SensitiveWorkOrdersOverdue: a single item notifies dispatch, no page',
    );
  });

  it('judge rate 6 on both halves: invalid ÷ checked reports, outage and restoration', () => {
    const rate6 = targets.kpis.find((k) => k.nine_rates === 6);
    expect(rate6?.numerator.selectors).toEqual([
      'crm_outage_info_reports_invalid_total',
      'crm_restoration_info_reports_invalid_total',
    ]);
    expect(rate6?.denominator.selectors).toEqual([
      'crm_outage_info_reports_checked_total',
      'crm_restoration_info_reports_checked_total',
    ]);
    // promtool proves the sum, and that a CRM without restore_info_valid keeps the outage half
    expect(tests.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'region:crm_info_reports_checked:increase_hourly: adds its 2 parts',
        'region:crm_info_reports_checked:increase_hourly: stands on its first part when the others are not published',
      ]),
    );
  });
});
