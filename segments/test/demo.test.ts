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
  const seeded = await runNode('demo/dist/cli/seed.js', ['--database-url', db.url, '--work-orders', '4000']);
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const result = await runSegments(['--database-url', db.readerUrl, '--out', work]);
  if (result.code !== 0) throw new Error(`segments failed: ${result.stderr}`);
  proposal = JSON.parse(await readFile(join(work, 'segments.json'), 'utf8')) as Proposal;

  // what the DBA does: the view in the CRM schema, then the contract views on top of it
  const sql = await readFile(join(work, 'segments.sql'), 'utf8');
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

test('features the demo has no data for yet (its v2 relations and columns are empty) are left out and reported', () => {
  const leftOut = new Map(proposal.leftOut.map((l) => [l.key, l.reason]));
  for (const key of ['outages', 'long_outages', 'arrears_bills', 'credit_risk', 'vulnerable'])
    expect([key, leftOut.get(key)]).toEqual([key, 'the same for every sampled customer']);
  expect(proposal.features.map((f) => f.key)).toEqual(
    expect.arrayContaining(['complaints', 'work_orders', 'repairs', 'remoteness', 'tenure_years']),
  );
  expect(proposal.k).toBeGreaterThanOrEqual(2);
  expect(proposal.k).toBeLessThanOrEqual(7);
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
