import { committedRules } from './support/files';
import {
  analyse,
  DASHBOARD_UIDS,
  dashboardJson,
  dashboardQueries,
  exporterSeries,
  SCRAPE_SERIES,
} from './support/promql';

const exposed = exporterSeries();
const rules = committedRules();
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

const ruleQueries = rules.map((r) => ({ where: r.record ?? r.alert ?? '?', expr: r.expr }));
const allQueries = [...ruleQueries, ...dashboardQueries()];

const knownToDashboards = (metric: string) => exposed.has(metric) || recorded.has(metric);

describe('every PromQL expression in rules and dashboards', () => {
  it('is found: rules and the five dashboards hold queries', () => {
    expect(ruleQueries.length).toBeGreaterThan(100);
    expect(dashboardQueries().length).toBeGreaterThan(40);
  });

  it('parses with @prometheus-io/lezer-promql', () => {
    const broken = allQueries
      .filter((q) => analyse(q.expr).errors.length > 0)
      .map((q) => `${q.where}: ${q.expr}`);
    expect(broken).toEqual([]);
  });

  it('names only metrics of the catalog or series the rules record', () => {
    const unknown = [
      ...ruleQueries.flatMap((q) =>
        analyse(q.expr)
          .selectors.filter(
            (s) => !exposed.has(s.metric) && !recorded.has(s.metric) && !SCRAPE_SERIES.has(s.metric),
          )
          .map((s) => `${q.where}: ${s.metric}`),
      ),
      ...dashboardQueries().flatMap((q) =>
        analyse(q.expr)
          .selectors.filter((s) => !knownToDashboards(s.metric) && !SCRAPE_SERIES.has(s.metric))
          .map((s) => `${q.where}: ${s.metric}`),
      ),
    ];
    expect(unknown).toEqual([]);
  });

  it('matches exporter metrics only on labels they carry', () => {
    const wrong = allQueries.flatMap((q) =>
      analyse(q.expr).selectors.flatMap((s) => {
        const labels = exposed.get(s.metric);
        return labels
          ? s.labels.filter((l) => !labels.includes(l)).map((l) => `${q.where}: ${s.metric}{${l}}`)
          : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('catches a typo (the checks above can fail)', () => {
    expect(analyse('sum(rate(crm_work_orders_accepted_total[5m])').errors.length).toBeGreaterThan(0);
    const [s] = analyse('sum by (region) (crm_work_order_overdue{segment="x"})').selectors;
    expect(s).toEqual({ metric: 'crm_work_order_overdue', labels: ['segment'] });
    expect(exposed.has('crm_work_order_overdue')).toBe(false);
    expect(exposed.has('crm_work_order_closure_overdue')).toBe(true);
    expect(knownToDashboards('overall:crm_work_order_closure_late:increase_hourly')).toBe(true);
    expect(knownToDashboards('overall:crm_work_order_closure_late:increase_daily')).toBe(false);
  });

  it('reads every recorded series it names from a rule that exists, in rules too', () => {
    const dangling = ruleQueries.flatMap((q) =>
      analyse(q.expr)
        .selectors.filter((s) => s.metric.includes(':') && !recorded.has(s.metric))
        .map((s) => `${q.where}: ${s.metric}`),
    );
    expect(dangling).toEqual([]);
  });

  it('fills query variables from metrics and labels the exporter exposes', () => {
    const variables = DASHBOARD_UIDS.flatMap((uid) => dashboardJson(uid).templating.list).filter(
      (v) => v.type === 'query',
    );
    expect(variables.length).toBeGreaterThan(0);
    for (const v of variables) {
      const text = (v.query as { query: string }).query;
      const [, metric, label] = /^label_values\((\w+), (\w+)\)$/.exec(text) ?? [];
      if (metric) expect(exposed.get(metric)).toContain(label);
      else {
        const [, name, matcher] = /^query_result\((\w+)(?:\{(\w+)=~"\$\w+"\})?\)$/.exec(text) ?? [];
        expect(exposed.has(name as string)).toBe(true);
        if (matcher) expect(exposed.get(name as string)).toContain(matcher);
      }
    }
  });
});

describe('dashboard queries over long ranges (issue 10: rules that stay cheap)', () => {
  /** Range selectors over raw `crm_` series of a day or more, as Prometheus would receive the query. */
  function longRawRanges(expr: string): string[] {
    const day = 86400;
    const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 } as const;
    return [...expr.matchAll(/\b(crm_\w+)(\{[^}]*\})?\[(\d+)([smhdwy])\]/g)]
      .filter((m) => Number(m[3]) * unit[m[4] as keyof typeof unit] >= day)
      .map((m) => m[0]);
  }

  it('never read a range of a day or more over a raw crm_ series (hourly recorded series instead)', () => {
    const offending = dashboardQueries().flatMap((q) => longRawRanges(q.expr).map((r) => `${q.where}: ${r}`));
    expect(offending).toEqual([]);
  });

  it('are caught by the check ($__range stands for a month)', () => {
    expect(longRawRanges('sum(increase(crm_x_total{a="b"}[30d]))')).toEqual(['crm_x_total{a="b"}[30d]']);
    expect(
      longRawRanges('sum(increase(crm_x_total[1h])) + sum_over_time(overall:crm_x:increase_hourly[30d])'),
    ).toEqual([]);
  });
});
