import {
  BACKLOG_COUNTY,
  INCIDENT_LASTS,
  SLOW_REPAIRS_COUNTY,
  incidentOutages,
  incidentWorkOrders,
} from '../src/data/incident';
import { ARRIVAL_LIMIT, HOUR, MINUTE } from '../src/data/model';
import { DEFAULT_SEED, createWorld } from '../src/data/world';

/**
 * The demo's two counties in breach must be in breach whenever the demo starts: its anchor is the
 * start of the hour it was seeded in, so every item of the incident must outlast that hour.
 */
describe('the demo incident, seeded at any hour', () => {
  // every hour of a whole week (UTC), since deadlines count working days; another seed on a weekend day
  const hours = (from: number, count: number) => Array.from({ length: count }, (_, h) => from + h * HOUR);
  const cases = [
    ...hours(Date.UTC(2026, 10, 23), 7 * 24).map((anchor) => [DEFAULT_SEED, anchor] as const),
    ...hours(Date.UTC(2026, 10, 29), 24).map((anchor) => [5, anchor] as const),
  ].map(([seed, anchor]) => [new Date(anchor).toISOString(), seed, anchor] as const);

  it.each(cases)(
    'keeps repairs overdue, orders past deadline and a report late for two hours after %s (seed %d)',
    (_, seed, anchor) => {
      const world = createWorld({ seed, anchor, workOrders: 20_000 });
      const orders = [...incidentWorkOrders(world, 1_000_000)];
      const repairs = orders.filter(({ row }) => row.type === 'repair');
      const backlog = orders.filter(({ row }) => row.type !== 'repair');
      expect(repairs.length).toBeGreaterThanOrEqual(6);
      expect(backlog.length).toBeGreaterThanOrEqual(8);
      const until = anchor + INCIDENT_LASTS;
      for (const { row, plan } of repairs) {
        expect(row.region_id.split('.').slice(0, 3).join('.')).toBe(SLOW_REPAIRS_COUNTY); // county or station
        expect(row.accepted_at + ARRIVAL_LIMIT[row.area_class]).toBeLessThan(anchor); // late already
        expect(plan.arriveAt).toBeGreaterThanOrEqual(until); // and still on the way
      }
      for (const { row, plan } of backlog) {
        expect(row.region_id.split('.').slice(0, 3).join('.')).toBe(BACKLOG_COUNTY);
        expect(row.deadline_at).toBeLessThan(anchor);
        expect(plan.closeAt).toBeGreaterThanOrEqual(until);
      }
      const [outage] = incidentOutages(world, 1_000_000);
      expect(outage?.start_at).toBeLessThan(anchor - 15 * MINUTE); // its report is late already
      expect(outage?.info_reported_at).toBeNull();
      expect(INCIDENT_LASTS).toBeGreaterThan(HOUR);
    },
  );
});
