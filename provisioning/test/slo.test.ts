import { readFileSync } from 'node:fs';
import { metric, overdueItem, timerMetric } from '../src/catalog';
import { alertGroups } from '../src/rules/alerts';
import { errorBudget, loadTargets, objective, recordsBadShare, TARGETS_FILE, type Kpi } from '../src/slo';

const text = readFileSync(TARGETS_FILE, 'utf8');

describe('error budgets respect the direction of the KPI and how its ratio is recorded', () => {
  const shape = (show: Kpi['show'], direction: Kpi['direction'], target: number) => ({
    id: 'k',
    show,
    direction,
    target,
    scale: 1,
  });

  it.each([
    // late ÷ due shown as is, lower is better (work-order timeout ≤ 2 %): 2 % may be late
    ['ratio', 'lowerIsBetter', 0.02, true, 0.02],
    // late ÷ due shown as 1 − x, higher is better (arrival timeliness ≥ 95 %): 5 % may be late
    ['complement', 'higherIsBetter', 0.95, true, 0.05],
    // reached ÷ callbacks shown as is, higher is better (callback reach ≥ 75 %): 25 % may be missed
    ['ratio', 'higherIsBetter', 0.75, false, 0.25],
    // a good share shown as its complement, lower is better (≤ 10 % missed): 10 % may be missed
    ['complement', 'lowerIsBetter', 0.1, false, 0.1],
  ] as const)(
    '%s, %s, target %p: records bad share %p, budget %p',
    (show, direction, target, bad, budget) => {
      const kpi = shape(show, direction, target);
      expect(recordsBadShare(kpi)).toBe(bad);
      expect(errorBudget(kpi)).toBeCloseTo(budget, 12);
      expect(objective(kpi)).toBeCloseTo(1 - budget, 12);
    },
  );

  it('refuses a budget for a KPI that is not a share', () => {
    expect(() => errorBudget({ ...shape('ratio', 'lowerIsBetter', 20), scale: 10000 })).toThrow(/scale 1/);
  });

  it('alerts on the missed share of a higher-is-better plain ratio (before: on its reached share)', () => {
    // callback reach given a ticket burn-rate alert: the bad share is 1 − reached ÷ callbacks
    const withAlert = text.replace(
      /(id: callback_reach[\s\S]*?target: 0\.75\n)/,
      (block: string) => `${block}    alerts:\n      burn_rate: { severities: [ticket], min_events: 5 }\n`,
    );
    const targets = loadTargets(withAlert);
    const reach = targets.kpis.find((k) => k.id === 'callback_reach') as Kpi;
    expect(errorBudget(reach)).toBe(0.25);
    const rule = alertGroups(targets)
      .flatMap((g) => g.rules)
      .find((r) => r.alert === 'CallbackReachBudgetBurn');
    expect(rule?.expr).toContain('(1 - region:callback_reach:ratio_increase1d) > (3 * 0.25)');
    expect(rule?.expr).not.toMatch(/[^(]region:callback_reach:ratio_increase1d > /);
  });
});

describe('the catalogue as provisioning reads it', () => {
  it('types components by the catalogue: crm_customers is a gauge, from the customers query', () => {
    const k = loadTargets(text).kpis.find((x) => x.id === 'complaints_per_10k') as Kpi;
    expect(k.denominator).toMatchObject({
      kind: 'gauge',
      sources: ['customers'],
      selectors: ['crm_customers'],
    });
    expect(k.numerator).toMatchObject({ kind: 'counter', sources: ['work_orders'] });
  });

  it('names a timer part by the catalogue and fails on a part it does not publish', () => {
    expect(timerMetric('repair_arrival', 'late').name).toBe('crm_repair_arrival_late_total');
    expect(() => timerMetric('outage_notice', 'seconds')).toThrow(/outage_notice has no seconds metric/);
    expect(() => metric('crm_no_such_metric')).toThrow(
      /crm_no_such_metric is not in the exporter's catalogue/,
    );
  });

  it('describes overdue items from the dictionary and the catalogue, and fails on an unknown timer', () => {
    expect(overdueItem('repair_arrival')).toMatchObject({
      zh: '超时未到达现场的抢修',
      subject: 'repair crew arrival on site',
    });
    expect(() => overdueItem('meter_reading')).toThrow(/timer meter_reading has no overdue metric/);
  });

  it('rejects a component whose metric the exporter does not publish, naming the key', () => {
    const typo = text.replace(
      'crm_callbacks_reached: crm_callbacks_reached_total',
      'crm_callbacks_reached: crm_callbacks_reachd_total',
    );
    expect(() => loadTargets(typo)).toThrow(
      /components\.crm_callbacks_reached: metric crm_callbacks_reachd_total is not in/,
    );
  });

  it('rejects a single overdue item that pages', () => {
    const paging = text.replace(
      '- { severity: notify, above: 0, for: 2m } # a crew late',
      '- { severity: page, above: 0, for: 2m } # a crew late',
    );
    expect(() => loadTargets(paging)).toThrow(
      /repair_arrival_late: overdue: page above 0: a single item is a dispatch notification/,
    );
  });

  it('rejects a sum of counters and gauges, a breakdown the metrics lack, a figure that is no gauge or pages on one item', () => {
    const bad = text
      .replace(
        'crm_repairs_proactive: crm_repairs_proactive_total',
        'crm_repairs_proactive: [crm_repairs_proactive_total, crm_customers]',
      )
      .replace(/(id: churn_per_10k[\s\S]*?denominator: crm_customers\n)/, (b: string) => `${b}    by: kind\n`)
      .replace('gauge: crm_outages_active', 'gauge: crm_customers_closed')
      .replace(
        '- { severity: notify, above: 0, for: 1m } # at once',
        '- { severity: page, above: 0, for: 1m } # at once',
      );
    const message = (() => {
      try {
        loadTargets(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('components.crm_repairs_proactive: sums counters and gauges');
    expect(message).toContain('kpi churn_per_10k: by kind: crm_customers_closed has no label kind');
    expect(message).toContain('figure outages_active: crm_customers_closed is not a gauge');
    expect(message).toContain(
      'figure sensitive_work_orders_overdue: alert: page above 0: a single item is a dispatch notification',
    );
  });
});
