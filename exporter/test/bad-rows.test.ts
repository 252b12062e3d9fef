import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';
import { kpiLines } from './support/exposition';

/**
 * Property: bad rows change nothing but the invalid-row counts. For any valid data set G and any set B
 * of rows that each break the contract in one way, the KPI series of G ∪ B equal those of G, and every
 * row of B is counted exactly once in crm_exporter_invalid_rows.
 */

const T = new Date('2026-07-01T00:00:00Z');
const REGIONS = [
  { id: 'p', name: '省', parent_id: null, level: 'province' },
  { id: 'p.c', name: '市', parent_id: 'p', level: 'city' },
  { id: 'p.c.k', name: '县', parent_id: 'p.c', level: 'county' },
  { id: 'p.c.k.s', name: '所', parent_id: 'p.c.k', level: 'station' },
];
const HOUR = 3600_000;
const at = (hoursBeforeT: number) => new Date(T.getTime() - hoursBeforeT * HOUR);

type Row = Record<string, unknown>;

const workOrder = fc
  .record({
    type: fc.constantFrom('complaint', 'repair', 'consultation'),
    channel: fc.constantFrom('hotline', 'app'),
    region_id: fc.constantFrom('p.c.k', 'p.c.k.s', 'p.c'),
    segment: fc.constantFrom('residential', 'commercial', 'unknown'),
    area_class: fc.constantFrom('urban', 'rural', 'remote'),
    accepted: fc.integer({ min: 1, max: 2000 }),
    deadlineAfter: fc.option(fc.integer({ min: 1, max: 100 })),
    closedAfter: fc.option(fc.integer({ min: 0, max: 200 })),
    needs_visit: fc.boolean(),
    arrivedAfter: fc.option(fc.integer({ min: 0, max: 3 })),
    substantiated: fc.option(fc.boolean()),
    is_repeat: fc.boolean(),
    returned_count: fc.integer({ min: 0, max: 2 }),
  })
  .map((w): Row => ({
    type: w.type,
    channel: w.channel,
    region_id: w.region_id,
    segment: w.segment,
    area_class: w.area_class,
    accepted_at: at(w.accepted),
    deadline_at: w.deadlineAfter === null ? null : at(w.accepted - w.deadlineAfter),
    closed_at: w.closedAfter === null || w.closedAfter > w.accepted ? null : at(w.accepted - w.closedAfter),
    needs_visit: w.type === 'repair' && w.needs_visit,
    arrived_at: w.type === 'repair' && w.arrivedAfter !== null ? at(w.accepted - w.arrivedAfter) : null,
    substantiated: w.type === 'complaint' ? w.substantiated : null,
    is_repeat: w.type === 'complaint' && w.is_repeat,
    returned_count: w.returned_count,
  }));

const outage = fc
  .record({
    region_id: fc.constantFrom('p.c.k', 'p.c.k.s'),
    kind: fc.constantFrom('planned', 'temporary', 'fault'),
    area_class: fc.constantFrom('urban', 'rural'),
    affected_customers: fc.integer({ min: 0, max: 500 }),
    start: fc.integer({ min: 1, max: 500 }),
    reportedAfter: fc.option(fc.integer({ min: 0, max: 2 })),
    endAfter: fc.option(fc.integer({ min: 1, max: 6 })),
  })
  .map((o): Row => ({
    region_id: o.region_id,
    kind: o.kind,
    area_class: o.area_class,
    affected_customers: o.affected_customers,
    start_at: at(o.start),
    info_reported_at: o.reportedAfter === null ? null : at(o.start - o.reportedAfter),
    end_at: o.endAfter === null ? null : at(o.start - o.endAfter),
    info_valid: true,
  }));

const customer = fc
  .record({
    region_id: fc.constantFrom('p.c.k', 'p.c.k.s'),
    segment: fc.constantFrom('residential', 'commercial', 'industrial'),
    area_class: fc.constantFrom('urban', 'rural'),
    sensitivity: fc.integer({ min: 0, max: 5 }),
    opened: fc.integer({ min: 1, max: 5000 }),
  })
  .map(({ opened, ...c }): Row => ({ ...c, opened_at: at(opened) }));

/** One way for a row to break the contract; each applies to any row of its relation. */
type Corruption = (row: Row) => Row;
const corruptions: Record<string, Corruption[]> = {
  work_orders: [
    (r) => ({ ...r, type: 'telepathy' }),
    (r) => ({ ...r, area_class: 'orbit' }),
    (r) => ({ ...r, region_id: 'nowhere' }),
    (r) => ({ ...r, segment: null }),
    (r) => ({ ...r, accepted_at: null }),
    (r) => ({ ...r, needs_visit: null }),
    (r) => ({ ...r, accepted_at: new Date('9999-12-31T00:00:00Z') }),
    (r) => ({ ...r, closed_at: new Date('1900-01-01T00:00:00Z') }),
    (r) => ({ ...r, segment: 'x'.repeat(5000) }),
    (r) => ({ ...r, channel: 'line\nbreak' }),
    (r) => ({ ...r, segment: '' }),
    (r) => ({ ...r, returned_count: -1 }),
  ],
  outages: [
    (r) => ({ ...r, kind: 'meteor' }),
    (r) => ({ ...r, start_at: null }),
    (r) => ({ ...r, affected_customers: -5 }),
    (r) => ({ ...r, end_at: new Date('9999-01-01T00:00:00Z') }),
  ],
  customers: [
    (r) => ({ ...r, area_class: null }),
    (r) => ({ ...r, sensitivity: null }),
    (r) => ({ ...r, region_id: 'p.nowhere' }),
    (r) => ({ ...r, opened_at: new Date('1900-06-01T00:00:00Z') }),
  ],
};

const badRows = (relation: string, good: fc.Arbitrary<Row>) =>
  fc
    .array(fc.tuple(good, fc.constantFrom(...(corruptions[relation] as Corruption[]))), { maxLength: 6 })
    .map((pairs) => pairs.map(([row, corrupt]) => corrupt(row)));

function invalidTotals(exposition: string): Record<string, number> {
  const totals: Record<string, number> = {
    work_orders: 0,
    outages: 0,
    customers: 0,
    callbacks: 0,
    connection_applications: 0,
  };
  for (const match of exposition.matchAll(
    /^crm_exporter_invalid_rows\{relation="(\w+)",reason="\w+"\} (\d+)$/gm,
  )) {
    totals[match[1] as string] = (totals[match[1] as string] ?? 0) + Number(match[2]);
  }
  return totals;
}

describe('bad rows', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let nextId = 1;

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    await db.admin.withSchema(db.schema).table('regions').insert(REGIONS);
    // bad rows of any timestamp (1900, 9999) are added between refreshes: recount in full every refresh
    exporter = await startTestExporter(db, { evaluateAt: T, config: { full_recount_interval: 0 } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  const insert = async (relation: string, rows: Row[]) => {
    if (rows.length)
      await db.admin
        .withSchema(db.schema)
        .table(relation)
        .insert(rows.map((r) => ({ ...r, id: nextId++ })));
  };

  it('are skipped and counted once each, and change no KPI series', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(workOrder, { maxLength: 25 }),
        fc.array(outage, { maxLength: 8 }),
        fc.array(customer, { maxLength: 10 }),
        badRows('work_orders', workOrder),
        badRows('outages', outage),
        badRows('customers', customer),
        async (goodWorkOrders, goodOutages, goodCustomers, badWorkOrders, badOutages, badCustomers) => {
          for (const relation of ['work_orders', 'outages', 'customers']) {
            await db.admin.withSchema(db.schema).table(relation).delete();
          }
          await insert('work_orders', goodWorkOrders);
          await insert('outages', goodOutages);
          await insert('customers', goodCustomers);
          await exporter.refresh();
          const clean = await exporter.scrape();

          await insert('work_orders', badWorkOrders);
          await insert('outages', badOutages);
          await insert('customers', badCustomers);
          await exporter.refresh();
          const dirty = await exporter.scrape();

          expect(kpiLines(dirty)).toEqual(kpiLines(clean));
          expect(invalidTotals(dirty)).toMatchObject({
            work_orders: badWorkOrders.length,
            outages: badOutages.length,
            customers: badCustomers.length,
            callbacks: 0,
            connection_applications: 0,
          });
          expect(dirty).toMatch(/^crm_exporter_up 1$/m);
        },
      ),
      { numRuns: 30, seed: 20261123 },
    );
  });

  it('are counted by the first reason that applies, a label value or a check of the single row', async () => {
    for (const relation of ['work_orders', 'outages', 'customers'])
      await db.admin.withSchema(db.schema).table(relation).delete();
    const good = {
      type: 'repair',
      channel: 'hotline',
      region_id: 'p.c.k',
      segment: 'residential',
      area_class: 'urban',
      accepted_at: at(5),
      needs_visit: false,
      is_repeat: false,
      returned_count: 0,
    };
    await insert('work_orders', [
      good,
      // the contract lists segment before needs_visit: the empty segment is the reason
      { ...good, segment: '', needs_visit: null },
      // and type before channel: the unknown type is
      { ...good, type: 'telepathy', channel: '' },
      { ...good, channel: 'line\nbreak' },
      { ...good, needs_visit: null },
    ]);
    await exporter.refresh();
    const reasons = Object.fromEntries(
      [
        ...(await exporter.scrape()).matchAll(
          /^crm_exporter_invalid_rows\{relation="work_orders",reason="(\w+)"\} ([1-9]\d*)$/gm,
        ),
      ].map((m) => [m[1], Number(m[2])]),
    );
    expect(reasons).toEqual({
      empty_segment: 1,
      unknown_type: 1,
      unprintable_channel: 1,
      null_needs_visit: 1,
    });
  });

  it('escape hostile region names in the exposition', async () => {
    await db.admin.withSchema(db.schema).table('regions').insert({
      id: 'p.c.x',
      name: '"quoted" \\ backslash <img src=x onerror=alert(1)>',
      parent_id: 'p.c',
      level: 'county',
    });
    await exporter.refresh();
    const body = await exporter.scrape();
    expect(body).toContain(
      'crm_region_info{region="p.c.x",name="\\"quoted\\" \\\\ backslash <img src=x onerror=alert(1)>",parent="p.c",level="county"} 1',
    );
  });
});
