/**
 * PostgreSQL keeps microseconds; JavaScript Dates keep milliseconds. An exporter that compared
 * timestamps after fetching them would round these ties the wrong way. Rows are written as text so
 * the microseconds reach the database; t is 2026-03-01T12:00:00Z. Expected values by hand.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { REGIONS, T } from '../fixtures/builders';
import { defaultConfig } from '../reference/config';
import { seriesKey } from '../reference/series';
import { kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';
import { emptyDataset } from '../reference/rows';

const order = (id: number, times: Record<string, string>) => ({
  ...{ id, type: 'consultation', channel: 'hotline', region_id: 'p.a.x.s1', segment: 'residential' },
  ...{ area_class: 'urban', accepted_at: '2026-03-01T10:00:00Z', ...times },
});
const account = (id: number, times: Record<string, string>) => ({
  ...{ id, region_id: 'p.a.x.s1', segment: 'residential', area_class: 'urban', sensitivity: 0 },
  ...{ opened_at: '2026-01-01T00:00:00Z', ...times },
});

describe('microsecond ties', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const labels = { region: 'p.a.x', segment: 'residential', type: 'consultation' };

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDataset(db, { ...emptyDataset(), regions: REGIONS });
    await db.admin
      .withSchema(db.schema)
      .table('work_orders')
      .insert([
        // closed 1 µs after its deadline: late; 3600.000001 s
        order(1, { deadline_at: '2026-03-01T11:00:00Z', closed_at: '2026-03-01T11:00:00.000001Z' }),
        // closed exactly at a deadline with microseconds: on time; 3600.000123 s
        order(2, { deadline_at: '2026-03-01T11:00:00.000123Z', closed_at: '2026-03-01T11:00:00.000123Z' }),
        // deadline 1 µs before t, open: late and overdue
        order(3, { deadline_at: '2026-03-01T11:59:59.999999Z' }),
        // cancelled 1 µs after its deadline: not excluded, late, not overdue
        order(4, { deadline_at: '2026-03-01T11:00:00Z', cancelled_at: '2026-03-01T11:00:00.000001Z' }),
        // accepted 1 µs after t: not accepted yet
        order(5, { accepted_at: '2026-03-01T12:00:00.000001Z' }),
      ]);
    await db.admin
      .withSchema(db.schema)
      .table('customers')
      .insert([
        account(1, { opened_at: '2026-03-01T12:00:00.000001Z' }), // opens 1 µs after t: not active
        account(2, { closed_at: '2026-03-01T12:00:00.000001Z' }), // closes 1 µs after t: active
      ]);
    exporter = await startExporterFor(db, defaultConfig(), T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('compares and subtracts at the database precision', async () => {
    const published = kpiSeries(await scrapeAll(exporter));
    const value = (metric: string, l: Record<string, string> = labels) => published.get(seriesKey(metric, l));
    expect({
      due: value('crm_work_order_closure_due_total'),
      late: value('crm_work_order_closure_late_total'),
      overdue: value('crm_work_order_closure_overdue'),
      completed: value('crm_work_order_closure_completed_total'),
      accepted: value('crm_work_orders_accepted_total'),
      open: value('crm_work_orders_open'),
      customers: value('crm_customers', { region: 'p.a.x', segment: 'residential' }),
    }).toEqual({ due: 4, late: 3, overdue: 1, completed: 2, accepted: 4, open: 1, customers: 1 });
    expect(value('crm_work_order_closure_seconds_total')).toBeCloseTo(7200.000124, 7);
  });
});
