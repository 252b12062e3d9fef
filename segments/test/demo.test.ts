import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { grantReader } from '../../exporter/src/db/reader-role';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import { startTestExporter, type TestExporter } from '../../exporter/test/support/exporter';
import type { Proposal } from '../src/propose';
import { runNode, runSegments } from './support/cli';

/**
 * On the demo CRM: the tool's view created in the CRM schema, contract views whose `segment` comes
 * from it, and the real exporter on those views: the heat-map columns are the proposed groups.
 */

/**
 * The demo data of one fixed hour, and the proposal as of that day: the demo's "now" shifts its rows
 * in time, so data seeded at the current hour gives a slightly different population every hour. Over
 * 25 hours of the year every proposal was balanced and kept the frequent-outage customers together
 * (86–98 % in one group); 20 gave most low-credit customers one group, as here; the other 5 chose 4
 * groups, none of them theirs (at most 13–50 % of them in one).
 */
const ANCHOR = '2026-11-27T03:00:00Z';
const AS_OF = '2026-11-27';

let db: TestDatabase;
let work: string;
let proposal: Proposal;
let exporter: TestExporter | undefined;

/** Views over the demo tables, `segment` taken from customer_segments where a customer is known. */
async function createSegmentedViews(source: string, target: string): Promise<void> {
  const { rows } = await db.admin.raw<{ rows: { relation: string; columns: string[] }[] }>(
    `select table_name as relation, array_agg(column_name::text order by ordinal_position) as columns
     from information_schema.columns where table_schema = ? and table_name in
       ('regions', 'customers', 'work_orders', 'outages', 'callbacks', 'connection_applications')
     group by table_name`,
    [source],
  );
  await db.admin.raw('create schema ??', [target]);
  const segmentOf: Record<string, string> = { customers: 'r.id', work_orders: 'r.customer_id' };
  for (const { relation, columns } of rows) {
    const key = segmentOf[relation];
    const list = columns
      .map((c) => (key && c === 'segment' ? `coalesce(s.segment, 'unknown') as segment` : `r.${c}`))
      .join(', ');
    const join = key ? `left join ${source}.customer_segments s on s.customer_id = ${key}` : '';
    await db.admin.raw(
      `create view ${target}.${relation} as select ${list} from ${source}.${relation} r ${join}`,
    );
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'segments-demo-'));
  // the documented seed CLI, into the empty contract tables (their reader grants stay)
  const seedArgs = ['--database-url', db.url, '--work-orders', '4000', '--anchor', ANCHOR];
  const seeded = await runNode('demo/dist/cli/seed.js', seedArgs);
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const result = await runSegments(['--database-url', db.readerUrl, '--out', work, '--as-of', AS_OF]);
  if (result.code !== 0) throw new Error(`segments failed: ${result.stderr}`);
  proposal = JSON.parse(await readFile(join(work, 'segments.json'), 'utf8')) as Proposal;

  // what the DBA does: the view in the CRM schema, then the contract views on top of it
  const sql = await readFile(join(work, 'segments.sql'), 'utf8');
  // --as-of: the view keeps the day, so it assigns the same groups on any later day
  expect(sql).toContain(`timestamptz '${AS_OF}'`);
  expect(sql).not.toContain('now()');
  await db.admin.transaction(async (trx) => {
    await trx.raw('set local search_path to crm');
    await trx.raw(sql);
  });
  await createSegmentedViews('crm', 'kpi');
  const reader = new URL(db.readerUrl);
  await grantReader(db.admin, {
    schema: 'kpi',
    role: decodeURIComponent(reader.username),
    password: decodeURIComponent(reader.password),
  });
  exporter = await startTestExporter({ ...db, schema: 'kpi' });
});

afterAll(async () => {
  await exporter?.stop();
  await db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the demo has data for every feature: none is left out', () => {
  expect(proposal.leftOut).toEqual([]);
  expect(proposal.features.map((f) => f.key)).toEqual(
    expect.arrayContaining([
      'outages',
      'long_outages',
      'arrears_bills',
      'credit_risk',
      'vulnerable',
      'complaints',
    ]),
  );
  expect(proposal.k).toBeGreaterThanOrEqual(2);
  expect(proposal.k).toBeLessThanOrEqual(7);
  for (const s of proposal.segments) {
    expect(s.share).toBeGreaterThanOrEqual(0.05);
    expect(s.share).toBeLessThanOrEqual(0.45);
  }
});

/** How the members of a group the demo planted are spread over the proposed groups: largest share first. */
async function spreadOf(planted: string): Promise<{ segment: string; share: number }[]> {
  const { rows } = await db.admin.raw<{ rows: { segment: string; share: string }[] }>(
    `with planted as (${planted})
     select s.segment, count(*)::float / sum(count(*)) over () as share
       from planted p join crm.customer_segments s on s.customer_id = p.id group by 1 order by 2 desc`,
  );
  return rows.map((r) => ({ segment: r.segment, share: Number(r.share) }));
}

test('finds the groups the demo planted: frequent-outage rural customers, low-credit customers', async () => {
  // the weak grids' customers: cut off 3+ times in the last year
  const frequent = await spreadOf(
    `select c.id from crm.customers c where c.closed_at is null and (select count(*) from crm.outage_customers oc
       join crm.outages o on o.id = oc.outage_id where oc.customer_id = c.id and o.start_at > timestamptz '${ANCHOR}' - interval '365 days' and o.start_at <= timestamptz '${ANCHOR}') >= 3`,
  );
  expect(frequent[0]!.share).toBeGreaterThan(0.75);
  expect(frequent[0]!.segment).toMatch(/frequent_outages/);
  // C and D credit grades, whose bills go unpaid: mostly one group
  const lowCredit = await spreadOf(
    `select id from crm.customers where closed_at is null and credit_grade in ('C', 'D')`,
  );
  expect(lowCredit[0]!.share).toBeGreaterThan(0.5);
  expect(lowCredit[0]!.segment).not.toBe(frequent[0]!.segment);
});

test('the exporter on the segmented views shows the groups as heat-map columns', async () => {
  const families = parsePrometheusTextFormat(await exporter!.scrape());
  const samples = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
  const codes = proposal.segments.map((s) => s.code).sort();

  const customersBySegment = new Map<string, number>();
  for (const s of samples('crm_customers')) {
    const segment = s.labels!.segment!;
    customersBySegment.set(segment, (customersBySegment.get(segment) ?? 0) + Number(s.value));
  }
  // every group is a column; only customers opened since the start of today could still be unknown
  expect([...customersBySegment.keys()].filter((s) => s !== 'unknown').sort()).toEqual(codes);

  const { rows } = await db.admin.raw<{ rows: { segment: string; n: string }[] }>(
    `select s.segment, count(*) as n from crm.customer_segments s join crm.customers c on c.id = s.customer_id
     where c.opened_at <= now() and (c.closed_at is null or c.closed_at > now()) group by s.segment`,
  );
  for (const { segment, n } of rows) expect(customersBySegment.get(segment)).toBe(Number(n));

  const workOrderColumns = new Set(samples('crm_work_orders_accepted_total').map((s) => s.labels!.segment!));
  for (const code of codes) expect(workOrderColumns).toContain(code);
  for (const column of workOrderColumns) expect([...codes, 'unknown']).toContain(column);
});
