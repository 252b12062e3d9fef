import { LABEL_VALUES, type LabelName } from '@service-kpi-monitor/catalog';
import { BigValueTextMode } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultOptions } from '../../grafana-plugin/src/types';
import { dashboards } from '../src/grafana/dashboards';
import { AT_RISK, COLOURS } from '../src/grafana/panels';
import { isRunRate, overdueTimers } from '../src/grafana/series';
import { loadTargets, TARGETS_FILE } from '../src/slo';
import { readYaml, REPO_DIR } from './support/files';
import { DASHBOARD_UIDS, dashboardJson, type DashboardJson, type PanelJson } from './support/promql';

const committed: DashboardJson[] = DASHBOARD_UIDS.map(dashboardJson);
const targets = loadTargets();
const english = dashboards(targets, 'en') as unknown as DashboardJson[];
const panelsOf = (uid: string) => dashboardJson(uid).panels;
const steps = (p: PanelJson) => p.fieldConfig?.defaults.thresholds?.steps ?? [];
const CJK = /[\u3400-\u9fff]/;

/** Every text a person reads: titles, rows, descriptions, legends, variable labels, mapped names. */
function visibleTexts(d: DashboardJson): string[] {
  return [
    d.title,
    d.description ?? '',
    ...d.links.map((l) => l.title),
    ...d.templating.list.flatMap((v) => [v.label ?? '', ...(v.options ?? []).map((o) => o.text)]),
    ...d.panels.flatMap((p) => [
      p.title,
      p.description ?? '',
      ...(p.targets ?? []).map((t) => (t.legendFormat ?? '').replace(/\{\{\w+\}\}/g, '')),
      ...(p.fieldConfig?.defaults.mappings ?? []).flatMap((m) => Object.values(m.options).map((o) => o.text)),
    ]),
  ].filter((t) => /[\p{L}\p{N}]/u.test(t.replace(/\$\{\w+(:text)?\}/g, '')));
}

describe('Grafana provisioning', () => {
  it('names the datasource every panel uses, by a fixed uid', () => {
    const ds = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
      'grafana/provisioning/datasources/prometheus.yml',
    ).datasources;
    expect(ds).toEqual([
      expect.objectContaining({ uid: 'skm-prometheus', type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const text = DASHBOARD_UIDS.map((uid) =>
      readFileSync(join(REPO_DIR, 'provisioning/grafana/dashboards', `${uid}.json`), 'utf8'),
    ).join();
    const uids = new Set(
      [...text.matchAll(/"datasource":\s*\{\s*"type":\s*"prometheus",\s*"uid":\s*"([^"]+)"/g)].map(
        (m) => m[1],
      ),
    );
    expect([...uids]).toEqual(['skm-prometheus']);
  });

  it('has five dashboards with fixed uids, each linking to the other four and keeping the time range', () => {
    expect(committed.map((d) => d.uid)).toEqual(DASHBOARD_UIDS);
    for (const d of committed) {
      const linked = d.links.map((l) => l.url.split('/')[2]);
      expect(linked.sort()).toEqual(DASHBOARD_UIDS.filter((u) => u !== d.uid).sort());
      expect(d.links.every((l) => l.keepTime)).toBe(true);
    }
  });

  it('follows the utility’s time zone from targets.yml, not each browser', () => {
    expect(targets.dashboards.timezone).toBe('Asia/Shanghai');
    for (const d of committed) expect(d.timezone).toBe('Asia/Shanghai');
    const text = readFileSync(TARGETS_FILE, 'utf8');
    expect(() => loadTargets(text.replace('timezone: Asia/Shanghai', 'timezone: Asia/Shanghia'))).toThrow(
      /"dashboards",\s*"timezone"[\s\S]*IANA time zone/,
    );
  });
});

describe('language', () => {
  it('is Chinese by default: every title, row, description, legend, variable and mapping', () => {
    const latinOnly = committed.flatMap((d) =>
      visibleTexts(d)
        .filter((t) => !CJK.test(t))
        .map((t) => `${d.uid}: ${t}`),
    );
    // burn-rate windows and exporter query families are codes on purpose
    expect(latinOnly.filter((t) => !/: (1h|6h|3d|\{\{\w+\}\}.*)$/.test(t))).toEqual([]);
  });

  it('is English by option, from the same dictionary: not one Chinese character', () => {
    expect(english.map((d) => d.uid)).toEqual(DASHBOARD_UIDS);
    const chinese = english.flatMap((d) =>
      visibleTexts(d)
        .filter((t) => CJK.test(t))
        .map((t) => `${d.uid}: ${t}`),
    );
    expect(chinese).toEqual([]);
    expect(english.find((d) => d.uid === 'skm-wall')?.title).toBe('Service wall');
  });

  it('names every code of a heat map’s column label through value mappings', () => {
    for (const d of [...committed, ...english]) {
      const zh = d === committed.find((c) => c.uid === d.uid);
      for (const p of d.panels.filter((x) => x.type === 'servicekpi-heatmap-panel')) {
        const label = p.options?.columnDimension as LabelName;
        const names = Object.values(LABEL_VALUES[label] ?? {}).map((n) => (zh ? n.zh : n.en));
        const mapped = Object.values(p.fieldConfig?.defaults.mappings?.[0]?.options ?? {}).map((o) => o.text);
        expect({ panel: p.title, mapped }).toEqual({ panel: p.title, mapped: names });
        expect(names.length).toBeGreaterThan(2);
      }
    }
  });

  it('shows regions by name: value the code, text the name from crm_region_info, of the chosen level', () => {
    const variables = committed.flatMap((d) => d.templating.list.filter((v) => v.name === 'region'));
    expect(variables).toHaveLength(3);
    // the drill-down and the SLO view list one level of the tree (all by default); the heat maps' is hidden
    expect(variables.map((v) => (v.query as { query: string }).query)).toEqual([
      'query_result(crm_region_info)',
      'query_result(crm_region_info{level=~"$level"})',
      'query_result(crm_region_info{level=~"$level"})',
    ]);
    for (const v of variables) {
      // a series as Prometheus prints it: labels in alphabetical order
      const line =
        'crm_region_info{level="county", name="南陵县", parent="ah.wuhu", region="ah.wuhu.nanling"} 1 1764460800000';
      const groups = new RegExp((v.regex as string).slice(1, -1)).exec(line)?.groups;
      expect(groups).toEqual({ text: '南陵县', value: 'ah.wuhu.nanling' });
    }
  });
});

describe('typed dashboards', () => {
  it('fail to compile on a wrong option name (the SDK’s builders, not untyped JSON)', () => {
    const stat = new StatBuilder();
    // @ts-expect-error: a misspelt option is a type error (ts-jest type-checks this file)
    expect(() => stat.textModee(BigValueTextMode.Value)).toThrow(TypeError);
    expect(stat.textMode(BigValueTextMode.Value).build().options).toMatchObject({ textMode: 'value' });
  });
});

describe('layout', () => {
  const boxes = (d: DashboardJson) => d.panels.map((p) => ({ title: p.title, ...p.gridPos }));

  it('keeps every panel inside the 24-column grid, without overlaps, ids unique', () => {
    for (const d of [...committed, ...english]) {
      const all = boxes(d);
      for (const b of all) {
        expect({ ...b, inside: b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= 24 }).toEqual({
          ...b,
          inside: true,
        });
      }
      const overlaps = all.flatMap((a, i) =>
        all
          .slice(i + 1)
          .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          .map((b) => `${d.uid}: ${a.title} × ${b.title}`),
      );
      expect(overlaps).toEqual([]);
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    }
  });

  it('makes wall figures readable from five metres: at least 6 × 4 cells, large text', () => {
    const wall = panelsOf('skm-wall').filter((p) => p.type === 'stat');
    const live = targets.figures.filter((f) => f.wall);
    expect(live.map((f) => f.id)).toEqual([
      'customers_without_power',
      'outages_active',
      'long_outages_ongoing',
      'sensitive_work_orders_overdue',
      'sensitive_work_orders_open',
    ]);
    // the nine rates, the live figures, and the overdue timers but the one a live figure shows
    expect(wall.length).toBe(9 + live.length + overdueTimers(targets).length - 1);
    for (const p of wall) {
      expect(p.gridPos.w).toBeGreaterThanOrEqual(6);
      expect(p.gridPos.h).toBeGreaterThanOrEqual(4);
      expect((p.options?.text as { valueSize: number }).valueSize).toBeGreaterThanOrEqual(48);
    }
  });
});

describe('correct at a glance', () => {
  it('never lets a stat panel show its query as its name: every stat target has a legend', () => {
    const bare = committed.flatMap((d) =>
      d.panels
        .filter((p) => p.type === 'stat')
        .flatMap((p) => (p.targets ?? []).filter((t) => !t.legendFormat).map(() => `${d.uid}: ${p.title}`)),
    );
    expect(bare).toEqual([]);
  });

  it('makes the wall the nine rates month to date, auto-refreshing, against their targets with an amber band', () => {
    const wall = dashboardJson('skm-wall');
    expect(wall.time).toEqual({ from: 'now/M', to: 'now' });
    expect(wall.refresh).toBe('1m');
    for (const k of targets.kpis.filter((x) => x.nine_rates)) {
      const [s, ...more] = wall.panels.filter((p) => p.type === 'stat' && p.title === k.zh);
      expect(more).toEqual([]);
      expect(s?.targets?.[0]?.expr).toContain('[$__range]');
      const colours = steps(s as PanelJson).map((x) => x.color);
      const values = steps(s as PanelJson).map((x) => x.value);
      if (k.direction === 'lowerIsBetter') {
        expect(colours).toEqual([COLOURS.good, COLOURS.atRisk, COLOURS.breach]);
        expect(values).toEqual([null, Number((k.target * AT_RISK).toFixed(10)), k.target]);
      } else {
        expect(colours).toEqual([COLOURS.breach, COLOURS.atRisk, COLOURS.good]);
        // 95 %: amber from 95 % up to 96 %, where 80 % of the 5 % budget is spent
        expect(values[1]).toBe(k.target);
        expect(values[2]).toBeCloseTo(1 - (1 - k.target) * AT_RISK, 10);
      }
    }
  });

  it('shows complaints per 10k as a monthly run-rate over any window, and says so', () => {
    const per10kAll = targets.kpis.filter((k) => k.scale === 10000);
    // customers with 3+ outages in the trailing year is a state (gauge ÷ gauge), not a monthly rate
    expect(per10kAll.filter((k) => !isRunRate(k)).map((k) => k.id)).toEqual(['frequent_outage_per_10k']);
    const per10k = per10kAll.filter(isRunRate);
    expect(per10k.map((k) => k.id).sort()).toEqual([
      'churn_per_10k',
      'complaints_per_10k',
      'substantiated_complaints_per_10k',
    ]);
    for (const uid of ['skm-wall', 'skm-region', 'skm-heatmaps']) {
      for (const k of per10k) {
        const panels = panelsOf(uid).filter((p) => p.title.startsWith(k.zh));
        for (const p of panels) {
          expect(p.targets?.[0]?.expr).toContain('* 2592000 / $__range_s');
          expect(p.description).toContain('按30天折算');
        }
      }
    }
  });

  it('does not colour mean times against one area class’s limit', () => {
    for (const uid of ['skm-region']) {
      for (const p of panelsOf(uid).filter((x) => x.title.startsWith('平均'))) {
        expect(steps(p)).toEqual(p.type === 'stat' ? [{ value: null, color: COLOURS.neutral }] : []);
      }
    }
    const byArea = panelsOf('skm-region').filter((p) => p.title.includes('按区域类别'));
    expect(byArea.map((p) => p.targets?.map((t) => t.legendFormat))).toEqual([
      ['城市', '农村', '偏远'],
      ['城市', '农村', '偏远'],
    ]);
  });

  it('puts a heat-map panel per KPI family on the heat-map dashboard, with the plugin’s options', () => {
    const all = panelsOf('skm-heatmaps').filter((p) => p.type === 'servicekpi-heatmap-panel');
    const families = new Set(targets.kpis.map((k) => k.family ?? k.id));
    const figures = targets.figures.filter((f) => f.heatmap);
    expect(all).toHaveLength(families.size + figures.length);
    const panels = all.slice(0, families.size);
    for (const p of panels) {
      // `target` is left out where there is none to compare with (mean times)
      const keys = (o: object) =>
        Object.keys(o)
          .filter((k) => k !== 'target')
          .sort();
      expect(keys(p.options ?? {})).toEqual(keys(defaultOptions));
      expect(p.options?.rowVariable).toBe('region');
      expect(p.fieldConfig?.defaults.links?.[0]?.url).toBe(
        '/d/skm-region/region-drill-down?var-region=${region}&${__url_time_range}',
      );
      expect(p.targets?.[2]?.expr).toBe('crm_region_info');
    }
    // figures: their recorded gauge by region × breakdown, in value mode, names from crm_region_info
    expect(all.slice(families.size).map((p) => p.options?.columnDimension)).toEqual(figures.map((f) => f.by));
    for (const p of all.slice(families.size)) {
      expect(p.options?.mode).toBe('value');
      expect(p.targets?.[0]?.expr).toMatch(/^sum by \(region, \w+\) \(region_\w+:crm_\w+:sum\)$/);
      expect(p.targets?.[1]?.expr).toBe('crm_region_info');
    }
    const variables = dashboardJson('skm-heatmaps').templating.list.map((v) => v.name);
    expect(variables).toEqual(expect.arrayContaining(['service_timeliness', 'outage_timeliness', 'region']));
  });

  it('drives the region drill-down by the region variable, its heat maps by the regions below it', () => {
    const region = dashboardJson('skm-region');
    expect(region.templating.list.map((v) => v.name)).toEqual(['level', 'region']);
    const queries = region.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(queries.every((q) => q.includes('$region'))).toBe(true);
    const below = region.panels.filter((p) => p.type === 'servicekpi-heatmap-panel');
    expect(below).toHaveLength(2);
    for (const p of below) {
      expect(p.targets?.[0]?.expr).toContain('crm_region_info{parent="$region"}');
      expect(p.targets?.[2]?.expr).toBe('crm_region_info{parent="$region"}');
    }
  });

  it('plots no raw counter and no mixed units on the exporter dashboard; invalid rows from the gauge', () => {
    const exporter = panelsOf('skm-exporter');
    for (const p of exporter.filter((x) => x.type === 'timeseries')) {
      for (const t of p.targets ?? []) {
        for (const m of t.expr.matchAll(/\b(\w+_total)\b(\{[^}]*\})?(\[[^\]]+\])?/g)) {
          expect({ panel: p.title, counter: m[1], windowed: m[3] !== undefined }).toEqual({
            panel: p.title,
            counter: m[1],
            windowed: true,
          });
        }
      }
      expect((p.targets ?? []).length).toBe(1); // one query, one unit
    }
    const exprs = exporter.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    expect(exprs).toContain('crm_exporter_invalid_rows{');
    expect(exprs).not.toContain('crm_exporter_invalid_rows_total');
    expect(exprs).toContain('time() - max by (family) (crm_exporter_family_last_success_timestamp_seconds{');
  });
});

describe('the SLO dashboard (for on-call)', () => {
  const slo = dashboardJson('skm-slo');
  const burnRate = (w: string) =>
    slo.panels.find((p) => p.type === 'stat' && p.targets?.[0]?.expr.includes(`window="${w}"`));

  it('is chosen by kpi (every KPI with a burn-rate alert, by id) and region', () => {
    expect(slo.templating.list.map((v) => v.name)).toEqual(['kpi', 'level', 'region']);
    const kpi = slo.templating.list[0];
    expect(kpi?.options?.map((o) => o.value)).toEqual(
      targets.kpis.filter((k) => k.alerts.burn_rate).map((k) => k.id),
    );
    expect(kpi?.options?.[0]?.text).toBe('工单超时率');
  });

  it('shows the budget left and the 1 h / 6 h / 3 d burn rates against the alerts’ factors', () => {
    expect(
      slo.panels.some(
        (p) => p.targets?.[0]?.expr === 'min(slo:error_budget_remaining:ratio{kpi="$kpi", region="$region"})',
      ),
    ).toBe(true);
    // targets.yml: page 14.4× over 1 h (and 5 m), 6× over 6 h; ticket 1× over 3 d and 6 h (short window)
    const amberRed = (w: string) =>
      steps(burnRate(w) as PanelJson)
        .slice(1)
        .map((s) => s.value);
    expect(amberRed('1h')).toEqual([14.4, 14.4]);
    expect(amberRed('6h')).toEqual([1, 6]);
    expect(amberRed('3d')).toEqual([1]); // no page reads 3 d
  });

  it('marks the alerts that fired from Prometheus’ ALERTS series and counts what is overdue now', () => {
    expect(slo.annotations.list?.[0]?.expr).toBe('ALERTS{alertstate="firing", region="$region"}');
    const overdue = slo.panels.filter((p) => p.targets?.[0]?.expr.match(/crm_\w+_overdue \* on \(region\)/));
    expect(overdue.length).toBe(overdueTimers(targets).length);
  });
});

describe('contract v2 on the dashboards', () => {
  it('says "no data" in Chinese on every stat, never 0 or an error, when the CRM has no such series', () => {
    const stats = committed.flatMap((d) =>
      d.panels
        .filter((p) => p.type === 'stat' && d.uid !== 'skm-exporter' && d.uid !== 'skm-slo')
        .map((p) => ({ panel: `${d.uid}: ${p.title}`, noValue: p.fieldConfig?.defaults.noValue })),
    );
    expect(stats.length).toBeGreaterThan(40);
    expect(stats.filter((s) => s.noValue !== '无数据')).toEqual([]);
  });

  it('shows every figure now in the drill-down, in the selected region and below', () => {
    const region = dashboardJson('skm-region');
    for (const f of targets.figures) {
      const [p, ...more] = region.panels.filter((x) => x.title === f.zh);
      expect(more).toEqual([]);
      expect(p?.targets?.[0]?.expr).toMatch(
        new RegExp(`^sum\\(\\(${f.component.selectors[0]} \\* on \\(region\\)`),
      );
    }
  });

  it('puts the live outage figures on the wall: customers without power amber and vermilion at its alerts', () => {
    const wall = panelsOf('skm-wall');
    const off = wall.find((p) => p.title === '停电客户数');
    expect(off?.targets?.[0]?.expr).toBe('sum(crm_outage_customers_off)');
    expect(steps(off as PanelJson)).toEqual([
      { value: null, color: COLOURS.good },
      { value: 1000, color: COLOURS.atRisk },
      { value: 10000, color: COLOURS.breach },
    ]);
    // ongoing long outages are a live figure, not again an overdue count
    expect(wall.filter((p) => p.targets?.[0]?.expr.includes('crm_outage_duration_overdue'))).toHaveLength(1);
  });

  it('chooses the level of the region list from crm_region_info’s levels, grids included', () => {
    for (const uid of ['skm-region', 'skm-slo']) {
      const level = dashboardJson(uid).templating.list.find((v) => v.name === 'level');
      expect(level?.options?.map((o) => o.value)).toEqual([
        '$__all',
        'province',
        'city',
        'county',
        'station',
        'grid',
      ]);
      expect(level?.options?.map((o) => o.text)).toContain('网格');
    }
  });

  it('draws arrears over 60 days by region × credit grade, connection stages by region × stage', () => {
    const heatmaps = panelsOf('skm-heatmaps').filter((p) => p.type === 'servicekpi-heatmap-panel');
    const arrears = heatmaps.find((p) => p.title === '账龄超60天欠费金额');
    expect(arrears?.options).toMatchObject({ mode: 'value', columnDimension: 'credit_grade' });
    expect(arrears?.targets?.[0]?.expr).toBe(
      'sum by (region, credit_grade) (region_credit_grade:crm_arrears_amount_over_60d:sum)',
    );
    expect(arrears?.fieldConfig?.defaults.unit).toBe('currencyCNY');
    const stages = heatmaps.find((p) => p.title === '业扩环节时限达标率');
    expect(stages?.options).toMatchObject({ mode: 'ratio', columnDimension: 'stage', complement: true });
    expect(stages?.targets?.[0]?.expr).toContain('region_stage:crm_connection_stage_late:increase_hourly');
  });
});
