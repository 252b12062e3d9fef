import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';
import type { Proposal } from '../src/propose';
import { runSegments, type CliRun } from './support/cli';
import { plantGroups } from './support/planted';

/**
 * A CRM without any optional v2 part (crm-schema.md v1, as the exporter's v1 migration creates it):
 * the run succeeds on what there is, says which features it left out and why, and the view it emits
 * runs in that CRM.
 */

/** The features that read a v2 part, and what a v1 CRM lacks for each (from crm-schema.md). */
const V2_FEATURES: [string, string][] = [
  ['outages', 'outage_customers'],
  ['long_outages', 'outage_customers'],
  ['arrears_bills', 'arrears'],
  ['arrears_amount', 'arrears'],
  ['credit_risk', 'customers.credit_grade'],
  ['vulnerable', 'customers.vulnerable'],
];

let db: TestDatabase;
let planted: Map<string, string>;
let work: string;
let result: CliRun;

beforeAll(async () => {
  db = await createTestDatabase({ version: 'v1' });
  planted = await plantGroups(db.admin, db.schema, 42, { v2: false });
  work = await mkdtemp(join(tmpdir(), 'segments-v1-'));
  result = await runSegments(['--database-url', db.readerUrl, '--out', work, '--seed', '7']);
});

afterAll(async () => {
  await db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('succeeds on a v1 CRM and says which features it left out', () => {
  expect(result.stderr).not.toMatch(/segments: /);
  expect(result.code).toBe(0);
  for (const [feature, part] of V2_FEATURES)
    expect(result.stderr).toContain(`left out ${feature}: the CRM lacks ${part}`);
});

test('segments.json lists exactly those features as left out and uses none of them', async () => {
  const proposal = JSON.parse(await readFile(join(work, 'segments.json'), 'utf8')) as Proposal;
  const lacking = proposal.leftOut.filter((l) => l.reason.startsWith('the CRM lacks'));
  expect(lacking.map((l) => [l.key, l.reason])).toEqual(
    V2_FEATURES.map(([feature, part]) => [feature, `the CRM lacks ${part}`]),
  );
  const used = proposal.features.map((f) => f.key);
  expect(used.filter((key) => V2_FEATURES.some(([feature]) => feature === key))).toEqual([]);
  expect(used).toEqual(expect.arrayContaining(['complaints', 'repairs', 'remoteness', 'tenure_years']));
  expect(proposal.k).toBeGreaterThanOrEqual(2);
  expect(proposal.k).toBeLessThanOrEqual(7);
});

test('its view runs in the v1 CRM and assigns every active customer once', async () => {
  const sql = await readFile(join(work, 'segments.sql'), 'utf8');
  await db.admin.transaction(async (trx) => {
    await trx.raw('set local search_path to ??', [db.schema]);
    await trx.raw(sql);
  });
  const { rows } = await db.admin.raw<{ rows: { customer_id: string }[] }>(
    'select customer_id::text from ??.customer_segments',
    [db.schema],
  );
  expect(rows.map((r) => r.customer_id).sort()).toEqual([...planted.keys()].sort());
});

test('runs on the server it was pointed at', async () => {
  const { rows } = await db.admin.raw<{ rows: { server_version_num: string }[] }>('show server_version_num');
  const major = Math.floor(Number(rows[0]?.server_version_num) / 10000);
  const binDir = process.env.TEST_PG_BIN_DIR;
  // under scripts/test-on-postgres-15.sh: the server from TEST_PG_BIN_DIR, not the embedded one
  const expected = binDir
    ? Number(
        /\(PostgreSQL\) (\d+)/.exec(execFileSync(join(binDir, 'postgres'), ['--version']).toString())?.[1],
      )
    : major;
  expect(major).toBe(expected);
  expect(major).toBeGreaterThanOrEqual(12);
});
