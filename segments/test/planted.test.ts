import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import type { Proposal } from '../src/propose';
import { adjustedRandIndex } from './support/ari';
import { runSegments, type CliRun } from './support/cli';
import { addV2, plantGroups, PLANTED, type PlantedGroup } from './support/planted';

/** Planted groups of different sizes are recovered through the emitted view, in a real PostgreSQL. */

let db: TestDatabase;
let planted: Map<string, PlantedGroup>;
let work: string;
let first: CliRun;

const readerRole = (): string => decodeURIComponent(new URL(db.readerUrl).username);
const run = (out: string, ...extra: string[]): Promise<CliRun> =>
  runSegments(['--database-url', db.readerUrl, '--out', out, '--seed', '7', ...extra]);
const proposalIn = async (dir: string): Promise<Proposal> =>
  JSON.parse(await readFile(join(dir, 'segments.json'), 'utf8')) as Proposal;

beforeAll(async () => {
  db = await createTestDatabase({ version: 'v1' });
  await addV2(db.admin, db.schema, readerRole());
  planted = await plantGroups(db.admin, db.schema, 42);
  work = await mkdtemp(join(tmpdir(), 'segments-test-'));
  first = await run(join(work, 'a'));
});

afterAll(async () => {
  await db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the run succeeds through the read-only role and shows its progress', () => {
  expect(first.stderr).not.toMatch(/segments: /);
  expect(first.code).toBe(0);
  expect(first.stderr).toMatch(/reading features of 3000 of 3000 active customers/);
  expect(first.stderr).toMatch(/k-means runs \[.*\] \d+\/\d+/);
  expect(first.stderr).toMatch(/wrote .*segments\.sql/);
});

test('every feature is used, the v2 ones included; contract breaches are counted', async () => {
  const proposal = await proposalIn(join(work, 'a'));
  expect(proposal.leftOut).toEqual([]);
  expect(proposal.invalidRows).toEqual([{ reason: 'unknown_credit_grade', rows: 5, readAs: 'not graded' }]);
  expect(first.stderr).toContain('5 customers with unknown_credit_grade: not graded');
  expect(proposal.features.map((f) => f.key)).toEqual(
    expect.arrayContaining([
      'outages',
      'long_outages',
      'arrears_bills',
      'arrears_amount',
      'credit_risk',
      'vulnerable',
    ]),
  );
});

test('the view recovers the planted groups (adjusted Rand index ≥ 0.9) within the bounds', async () => {
  const proposal = await proposalIn(join(work, 'a'));
  const sql = await readFile(join(work, 'a', 'segments.sql'), 'utf8');
  await db.admin.transaction(async (trx) => {
    await trx.raw('set local search_path to ??', [db.schema]);
    await trx.raw(sql);
  });
  const { rows } = await db.admin.raw<{
    rows: { customer_id: string; segment: string; segment_name: string }[];
  }>('select customer_id::text, segment, segment_name from ??.customer_segments order by customer_id', [
    db.schema,
  ]);
  // active customers only, each exactly once
  expect(rows.map((r) => r.customer_id).sort()).toEqual([...planted.keys()].sort());

  const ari = adjustedRandIndex(
    rows.map((r) => planted.get(r.customer_id)!),
    rows.map((r) => r.segment),
  );
  expect(ari).toBeGreaterThanOrEqual(0.9);

  expect(proposal.k).toBeLessThanOrEqual(7);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
  expect(counts.size).toBe(proposal.k);
  for (const segment of proposal.segments) {
    // the database assigns exactly what the tool computed for its sample (here: every customer)
    expect(counts.get(segment.code)).toBe(segment.size);
    expect(segment.share).toBeGreaterThanOrEqual(0.05);
    expect(segment.share).toBeLessThanOrEqual(0.45);
    expect(segment.code).toMatch(/^[a-z0-9_]+$/);
    expect(rows.find((r) => r.segment === segment.code)!.segment_name).toBe(segment.name.zh);
  }
  const total = Object.values(PLANTED).reduce((a, b) => a + b, 0);
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
});

test('fitted on a sample, the view still assigns every customer and recovers the groups', async () => {
  const out = join(work, 'sampled');
  const result = await run(
    out,
    '--sample',
    '1500',
    '--selection-sample',
    '600',
    '--silhouette-sample',
    '300',
  );
  expect(result.code).toBe(0);
  const proposal = await proposalIn(out);
  expect(proposal.sampleSize).toBe(1500);
  expect(proposal.segments.reduce((n, s) => n + s.size, 0)).toBe(1500);
  const sql = await readFile(join(out, 'segments.sql'), 'utf8');
  // created and read in a transaction that is rolled back: the first run's view stays
  const rows = await db.admin
    .transaction(async (trx) => {
      await trx.raw('create schema sampled');
      await trx.raw('set local search_path to sampled, ??', [db.schema]);
      await trx.raw(sql);
      const result = await trx.raw<{ rows: { customer_id: string; segment: string }[] }>(
        'select customer_id::text, segment from sampled.customer_segments',
      );
      throw Object.assign(new Error('rollback'), { rows: result.rows });
    })
    .catch((error: { rows?: { customer_id: string; segment: string }[] }) => error.rows!);
  expect(rows).toHaveLength(planted.size);
  const ari = adjustedRandIndex(
    rows.map((r) => planted.get(r.customer_id)!),
    rows.map((r) => r.segment),
  );
  expect(ari).toBeGreaterThanOrEqual(0.9);
  for (const s of proposal.segments) {
    const share = rows.filter((r) => r.segment === s.code).length / rows.length;
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.45);
  }
});

test('the groups are named after what sets them apart', async () => {
  const proposal = await proposalIn(join(work, 'a'));
  const names = proposal.segments.map((s) => s.name.en).join(' | ');
  expect(names).toMatch(/frequent outages|long outages/);
  expect(names).toMatch(/arrears|low credit/);
  expect(names).toMatch(/vulnerable|sensitive/);
});

test('the same data and seed give the same output', async () => {
  const second = await run(join(work, 'b'));
  expect(second.code).toBe(0);
  for (const file of ['segments.json', 'segments.sql', 'report.html']) {
    expect(await readFile(join(work, 'b', file), 'utf8')).toBe(await readFile(join(work, 'a', file), 'utf8'));
  }
});

test('fewer groups when asked, never outside the balance bounds', async () => {
  const result = await run(join(work, 'c'), '--max-k', '3', '--min-share', '20%', '--max-share', '0.6');
  expect(result.code).toBe(0);
  const proposal = await proposalIn(join(work, 'c'));
  expect(proposal.k).toBeLessThanOrEqual(3);
  for (const s of proposal.segments) {
    expect(s.share).toBeGreaterThanOrEqual(0.2);
    expect(s.share).toBeLessThanOrEqual(0.6);
  }
  const impossible = await run(join(work, 'd'), '--max-k', '2', '--min-share', '0.45', '--max-share', '0.9');
  expect(impossible.code).toBe(1);
  expect(impossible.stderr).toMatch(/no k in 2…2 gives groups of 45–90 %/);
});

test('bad arguments are refused with the option named', async () => {
  const tooMany = await run(join(work, 'e'), '--max-k', '8');
  expect(tooMany.code).toBe(2);
  expect(tooMany.stderr).toMatch(/--max-k/);
  const infeasible = await run(join(work, 'g'), '--max-k', '3', '--min-share', '0.4');
  expect(infeasible.code).toBe(2);
  expect(infeasible.stderr).toMatch(/no k in 2…3 can have every group within --min-share 0.4/);
  for (const day of ['2026-02-30', 'yesterday', '2999-01-01']) {
    const badDay = await run(join(work, 'h'), '--as-of', day);
    expect([day, badDay.code]).toEqual([day, 2]);
    expect(badDay.stderr).toMatch(/--as-of/);
  }
  const missingSchema = await run(join(work, 'f'), '--schema', 'nowhere');
  expect(missingSchema.code).toBe(1);
  expect(missingSchema.stderr).toMatch(/lacks customers/);
});
