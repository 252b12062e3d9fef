import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTargets, PROVISIONING_DIR, TARGETS_FILE } from '../src/slo';
import { exec, TSX_CLI } from './support/tools';

// The generator runs in its own process: prettier (which formats its output) cannot load inside jest's VM.
describe('files generated from slo/targets.yml', () => {
  it('are committed exactly as the generator makes them now (else: npm run generate -w provisioning)', async () => {
    const r = await exec(
      process.execPath,
      [TSX_CLI, join('src', 'generate.ts'), '--check'],
      PROVISIONING_DIR,
    );
    const lines = r.output
      .trim()
      .split('\n')
      .filter((l) => /^(fresh|STALE) /.test(l));
    expect(lines.sort()).toEqual(
      [
        'alertmanager/alertmanager.yml',
        'grafana/dashboards/skm-exporter.json',
        'grafana/dashboards/skm-heatmaps.json',
        'grafana/dashboards/skm-region.json',
        'grafana/dashboards/skm-slo.json',
        'grafana/dashboards/skm-wall.json',
        'prometheus/rules/alerts.generated.yml',
        'prometheus/rules/recording.generated.yml',
        'prometheus/tests/alerts-hourly.test.generated.yml',
        'prometheus/tests/alerts.test.generated.yml',
      ].map((path) => `fresh provisioning/${path}`),
    );
    expect(r.code).toBe(0);
  });
});

describe('the SLA declaration', () => {
  const text = readFileSync(TARGETS_FILE, 'utf8');

  it('declares every KPI of kpis.md: the nine rates once each, and the other service KPIs', () => {
    const targets = loadTargets(text);
    const nine = targets.kpis.filter((k) => k.nine_rates).map((k) => k.nine_rates);
    expect(nine.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(targets.kpis.map((k) => k.id)).toEqual(
      expect.arrayContaining([
        'outage_notice_late',
        'planned_outage_overrun',
        'complaint_repeat_share',
        'callback_dissatisfied',
        'callback_reach',
        'connection_late',
        'repair_arrival_mean_seconds',
        'repair_restoration_mean_seconds',
        'substantiated_complaints_per_10k',
        'complaints_per_10k',
      ]),
    );
  });

  it('derives numerator and denominator from a timer', () => {
    const arrival = loadTargets(text).kpis.find((k) => k.id === 'repair_arrival_late');
    expect(arrival?.numerator.selectors).toEqual(['crm_repair_arrival_late_total']);
    expect(arrival?.denominator.selectors).toEqual(['crm_repair_arrival_due_total']);
    const mean = loadTargets(text).kpis.find((k) => k.id === 'repair_arrival_mean_seconds');
    expect(mean?.numerator.selectors).toEqual(['crm_repair_arrival_seconds_total']);
    expect(mean?.denominator.selectors).toEqual(['crm_repair_arrival_completed_total']);
  });

  it('rejects a burn-rate alert whose threshold could never be crossed', () => {
    // a 90 % target leaves a 10 % budget: 14.4 × 10 % = 144 % of cases late, impossible
    const impossible = text.replace(
      /(id: repair_arrival_late[\s\S]*?target: )0\.95/,
      (_, head: string) => `${head}0.9`,
    );
    expect(() => loadTargets(impossible)).toThrow(
      /repair_arrival_late: page burn rate 14.4× of a 0\.1 budget is ≥ 100 %/,
    );
  });

  it('rejects a family whose members disagree on the target', () => {
    const split = text.replace(
      /(id: connection_late[\s\S]*?target: )0\.95/,
      (_, head: string) => `${head}0.9`,
    );
    expect(() => loadTargets(split)).toThrow(
      /family service_timeliness: connection_late and repair_arrival_late differ in target/,
    );
  });

  it('rejects an unknown component', () => {
    const typo = text.replace('numerator: crm_callbacks_reached\n', 'numerator: crm_callbacks_reachd\n');
    expect(() => loadTargets(typo)).toThrow(/kpi callback_reach: unknown component crm_callbacks_reachd/);
  });
});
