import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultOptions } from '../../grafana-plugin/src/types';
import { loadTargets } from '../src/slo';
import { readYaml, REPO_DIR } from './support/files';
import { DASHBOARD_UIDS, dashboardJson, type DashboardJson } from './support/promql';

const dashboards: DashboardJson[] = DASHBOARD_UIDS.map(dashboardJson);
const targets = loadTargets();

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

  it('has four dashboards with fixed uids, each linking to the other three', () => {
    expect(dashboards.map((d) => d.uid)).toEqual(DASHBOARD_UIDS);
    for (const d of dashboards) {
      const linked = d.links.map((l) => l.url.split('/')[2]);
      expect(linked.sort()).toEqual(DASHBOARD_UIDS.filter((u) => u !== d.uid).sort());
    }
  });

  it('makes the wall a month-to-date, auto-refreshing board of the nine rates against their targets', () => {
    const wall = dashboardJson('skm-wall');
    expect(wall.time).toEqual({ from: 'now/M', to: 'now' });
    expect(wall.refresh).toBe('1m');
    const nine = targets.kpis.filter((k) => k.nine_rates);
    for (const k of nine) {
      const stats = wall.panels.filter((p) => p.type === 'stat' && p.title === k.title);
      expect(stats).toHaveLength(2); // month to date and today
      for (const s of stats) {
        expect(s.targets?.[0]?.expr).toContain('[$__range]');
        const steps = (
          s as unknown as { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } }
        ).fieldConfig.defaults.thresholds.steps;
        expect(steps[1]?.value).toBe(k.target);
      }
    }
    expect(wall.panels.filter((p) => (p as { timeFrom?: string }).timeFrom === 'now/d')).toHaveLength(9);
  });

  it('puts a heat-map panel per KPI family on the heat-map dashboard, with exactly the plugin options', () => {
    const panels = dashboardJson('skm-heatmaps').panels.filter((p) => p.type === 'servicekpi-heatmap-panel');
    const families = new Set(targets.kpis.map((k) => k.family ?? k.id));
    expect(panels).toHaveLength(families.size);
    for (const p of panels) {
      expect(Object.keys(p.options ?? {}).sort()).toEqual(Object.keys(defaultOptions).sort());
      expect(p.options?.rowVariable).toBe('region');
      expect(p.fieldConfig?.defaults.links?.[0]?.url).toContain(
        '/d/skm-region/region-drill-down?var-region=${region}',
      );
    }
    const variables = dashboardJson('skm-heatmaps').templating.list.map((v) => v.name);
    expect(variables).toEqual(expect.arrayContaining(['service_timeliness', 'outage_timeliness', 'region']));
  });

  it('drives the region drill-down by the region variable', () => {
    const region = dashboardJson('skm-region');
    expect(region.templating.list.map((v) => v.name)).toEqual(['region']);
    const queries = region.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(queries.every((q) => q.includes('$region'))).toBe(true);
  });
});
