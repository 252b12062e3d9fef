/**
 * The naive reference itself, checked against the hand-computed fixtures (no exporter involved):
 * if these fail, the reference or the hand computation is wrong, not the exporter.
 */
import { badRows, expectedSkipped, expectedValid } from '../fixtures/bad-rows';
import { T } from '../fixtures/builders';
import { ALL_FIXTURES } from '../fixtures';
import { randomDataset } from '../fixtures/random';
import { defaultConfig } from './config';
import { computeNaive } from './naive';
import { pick, seriesKey } from './series';

describe('naive reference', () => {
  it.each(ALL_FIXTURES.map((f) => [f.name, f] as const))(
    'reproduces the hand-computed fixture: %s',
    (_, fixture) => {
      const { series } = computeNaive(fixture.rows, T, fixture.config ?? defaultConfig());
      expect(Object.fromEntries(pick(series, fixture.families))).toEqual(
        Object.fromEntries(fixture.expected),
      );
    },
  );

  it('skips exactly the rows that break the contract and keeps the rest', () => {
    const { series, skipped } = computeNaive(badRows, T, defaultConfig());
    expect(skipped).toEqual(expectedSkipped);
    for (const [key, value] of expectedValid) expect([key, series.get(key)]).toEqual([key, value]);
  });

  it('publishes every series of a timer for a combination that has only a future row', () => {
    const { series } = computeNaive(
      {
        ...badRows,
        customers: [],
        outages: [],
        callbacks: [],
        connection_applications: [],
        work_orders: badRows.work_orders.filter((w) => w.type === 'praise'),
      },
      T,
      defaultConfig(),
    );
    const labels = { region: 'p.a.x', segment: 'residential', type: 'praise' };
    for (const suffix of ['due_total', 'late_total', 'overdue', 'completed_total', 'seconds_total']) {
      expect(series.get(seriesKey(`crm_work_order_closure_${suffix}`, labels))).toBe(0);
    }
  });

  it('generates random data rich in edges, deterministically', () => {
    const data = randomDataset(7, T);
    expect(randomDataset(7, T)).toEqual(data);
    const { series, skipped } = computeNaive(data, T, defaultConfig());
    expect(Object.values(skipped).every((n) => n === 0)).toBe(true);
    const total = (metric: string) =>
      [...series].filter(([key]) => key.startsWith(`${metric}{`)).reduce((sum, [, v]) => sum + v, 0);
    // every timer sees on-time, late and overdue items, so the comparison exercises every rule
    for (const timer of ['work_order_closure', 'repair_arrival', 'repair_restoration', 'outage_notice']) {
      expect(total(`crm_${timer}_late_total`)).toBeGreaterThan(10);
      expect(total(`crm_${timer}_due_total`)).toBeGreaterThan(total(`crm_${timer}_late_total`));
      expect(total(`crm_${timer}_overdue`)).toBeGreaterThan(0);
    }
    for (const timer of [
      'outage_info_report',
      'restoration_info_report',
      'planned_outage_restoration',
      'connection',
    ]) {
      expect(total(`crm_${timer}_late_total`)).toBeGreaterThan(10);
      expect(total(`crm_${timer}_due_total`)).toBeGreaterThan(total(`crm_${timer}_late_total`));
      expect(total(`crm_${timer}_overdue`)).toBeGreaterThan(0);
    }
    // every bucket of the outage experience, and long outages, are there to compare
    for (const outages of ['1', '2', '3+'])
      expect(
        [...series].filter(([key, v]) => key.includes(`outages="${outages}"`) && v > 0).length,
      ).toBeGreaterThan(3);
    expect(total('crm_customers_long_outage')).toBeGreaterThan(10);
    expect(total('crm_customers_outage_experience')).toBeGreaterThan(total('crm_customers_long_outage'));
    const closedExactlyAtDeadline = data.work_orders.filter(
      (w) => w.closed_at && w.deadline_at && w.closed_at.getTime() === w.deadline_at.getTime(),
    );
    expect(closedExactlyAtDeadline.length).toBeGreaterThan(20);
  });
});
