import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headingAnchor } from '../src/grafana/links';
import { loadTargets } from '../src/slo';
import { committedRules, readYaml, REPO_DIR } from './support/files';

interface TestFile {
  tests: { name: string; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const alerts = committedRules().filter((r) => r.alert);
const tests = [
  'prometheus/tests/alerts.test.generated.yml',
  'prometheus/tests/surge.test.generated.yml',
].flatMap((f) => readYaml<TestFile>(f).tests);
const names = [...new Set(alerts.map((a) => a.alert as string))];
const runbook = readFileSync(join(REPO_DIR, 'docs', 'runbook.md'), 'utf8');
const targets = loadTargets();

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
      ]),
    );
  });

  it.each(names)('%s has a firing test, a silent test and a tiny-volume or all-clear test', (name) => {
    const cases = tests.flatMap((t) =>
      t.alert_rule_test.filter((c) => c.alertname === name).map((c) => ({ t, c })),
    );
    expect(cases.some(({ c }) => c.exp_alerts.length > 0)).toBe(true);
    expect(cases.filter(({ c }) => c.exp_alerts.length === 0).length).toBeGreaterThanOrEqual(1);
    const rule = alerts.find((a) => a.alert === name);
    if (/>= \d+/.test(rule?.expr ?? '')) {
      // a min-volume guard exists: a test proves it keeps the alert silent
      expect(tests.some((t) => t.name.startsWith(`${name}: silent below`))).toBe(true);
    }
  });

  it.each(alerts.map((a, i) => [`${a.alert} #${i}`, a] as const))(
    '%s is labelled and annotated',
    (_, rule) => {
      expect(['page', 'ticket']).toContain(rule.labels?.severity);
      expect(['kpi', 'exporter']).toContain(rule.labels?.component);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      if (rule.labels?.component === 'kpi') {
        expect(rule.labels.kpi).toBeTruthy();
        expect(rule.annotations?.description).toContain('{{ $labels.region }}');
        expect(rule.annotations?.dashboard_url).toBe(
          `${targets.grafana_url}/d/skm-region/region-drill-down?var-region={{ $labels.region }}`,
        );
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

  it('are each listed in the stack documentation', () => {
    const stack = readFileSync(join(REPO_DIR, 'docs', 'stack.md'), 'utf8');
    expect(names.filter((n) => !new RegExp(`^\\| ${n} +\\|`, 'm').test(stack))).toEqual([]);
  });

  it('page only on timeliness burn rates, overdue items and the exporter', () => {
    const pages = [...new Set(alerts.filter((a) => a.labels?.severity === 'page').map((a) => a.alert))];
    for (const p of pages) expect(p).toMatch(/BudgetBurn$|Overdue$|^CrmExporter(Down|DataStale)$/);
  });
});
