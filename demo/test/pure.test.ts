import { columnsOf } from '@service-kpi-monitor/exporter/contract';
import { addWorkingDays, localWeekday } from '../src/data/calendar';
import { copyLine, formatTimestamp } from '../src/data/copy';
import { createRandom, lognormal, poisson } from '../src/data/random';
import { planWorkOrder } from '../src/data/work-orders';

describe('demo data building blocks', () => {
  it('formats timestamps as PostgreSQL reads them, in UTC', () => {
    expect(formatTimestamp(Date.UTC(2026, 2, 18, 9, 5, 7))).toBe('2026-03-18 09:05:07+00');
    expect(formatTimestamp(Date.UTC(1999, 11, 31, 23, 59, 59, 42))).toBe('1999-12-31 23:59:59.042+00');
    expect(formatTimestamp(Date.UTC(2026, 2, 18, 0, 0, 0))).toBe('2026-03-18 00:00:00+00');
  });

  it('writes COPY text lines with escapes and \\N for null', () => {
    const line = copyLine(columnsOf('regions'), {
      id: 'a\tb',
      name: '安徽\\省',
      parent_id: null,
      level: 'province',
    });
    expect(line).toBe('a\\tb\t安徽\\\\省\t\\N\tprovince');
    const callback = copyLine(columnsOf('callbacks'), {
      id: 7,
      work_order_id: 9,
      called_at: Date.UTC(2026, 0, 2, 3, 4, 5),
      reached: false,
      satisfaction: null,
    });
    expect(callback).toBe('7\t9\t2026-01-02 03:04:05+00\tf\t\\N');
  });

  it('counts working days in China time, skipping weekends', () => {
    const friday = Date.UTC(2026, 2, 20, 2, 0, 0); // Friday 10:00 in Beijing
    expect(localWeekday(friday)).toBe(5);
    expect(new Date(addWorkingDays(friday, 1)).toISOString()).toBe('2026-03-23T02:00:00.000Z'); // Monday
    expect(new Date(addWorkingDays(friday, 6)).toISOString()).toBe('2026-03-30T02:00:00.000Z');
    const saturdayNightUtc = Date.UTC(2026, 2, 21, 20, 0, 0); // Sunday 04:00 in Beijing
    expect(new Date(addWorkingDays(saturdayNightUtc, 1)).toISOString()).toBe('2026-03-22T20:00:00.000Z'); // Monday 04:00
  });

  it('draws lognormal and Poisson values with the intended centre', () => {
    const random = createRandom(42);
    const draws = Array.from({ length: 20_000 }, () => lognormal(random, 10, 0.5)).sort((a, b) => a - b);
    expect(draws[10_000]).toBeGreaterThan(9.6);
    expect(draws[10_000]).toBeLessThan(10.4);
    const counts = Array.from({ length: 20_000 }, () => poisson(random, 3));
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeCloseTo(3, 1);
  });

  it('plans a repair whose events come in order, the same way every time', () => {
    const basis = {
      id: 123,
      type: 'repair' as const,
      region_id: 'ah.hefei.shushan.s01',
      area_class: 'urban' as const,
      accepted_at: Date.UTC(2026, 2, 18, 1, 0, 0),
      deadline_at: Date.UTC(2026, 2, 19, 1, 0, 0),
    };
    const plans = Array.from({ length: 300 }, (_, i) => planWorkOrder(1, { ...basis, id: i + 1 }));
    expect(planWorkOrder(1, basis)).toEqual(planWorkOrder(1, basis));
    for (const plan of plans) {
      if (plan.cancelAt !== null) {
        expect(plan.closeAt).toBeNull();
        continue;
      }
      if (plan.needsVisit) {
        expect(plan.arriveAt!).toBeGreaterThan(basis.accepted_at);
        expect(plan.restoreAt!).toBeGreaterThanOrEqual(plan.arriveAt!);
        expect(plan.closeAt!).toBeGreaterThanOrEqual(plan.restoreAt!);
      } else {
        expect(plan.arriveAt).toBeNull();
      }
      expect(plan.substantiated).toBeNull();
    }
    expect(plans.filter((p) => p.needsVisit).length).toBeGreaterThan(230);
  });
});
