/**
 * Optional means optional: a CRM whose schema has only the v1 relations and columns gets exactly the
 * v1 series, is ready, and is told which v2 parts it lacks; a v2 part added later (a column, or a
 * relation that is a view) is picked up by the next refresh.
 */
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { randomDataset } from '../fixtures/random';
import { defaultConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { Dataset } from '../reference/rows';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

/** The optional parts of crm-schema.md v2, spelled out from the document. */
const V2_PARTS = [
  'customers.credit_grade',
  'customers.vulnerable',
  'work_orders.proactive',
  'work_orders.escalated_at',
  'work_orders.remediation_due_at',
  'work_orders.remediated_at',
  'outages.restore_info_valid',
  'calls',
  'arrears',
  'outage_customers',
  'connection_stages',
];

/** The rows as a v1 CRM holds them: without the v2 columns. */
function v1Rows(data: Dataset): Dataset {
  const v2Columns = new Set(V2_PARTS.filter((p) => p.includes('.')).map((p) => p.split('.')[1]));
  const strip = <Row extends object>(rows: Row[]): Row[] =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !v2Columns.has(k))) as Row);
  return {
    regions: data.regions,
    customers: strip(data.customers),
    work_orders: strip(data.work_orders),
    outages: strip(data.outages),
    callbacks: data.callbacks,
    connection_applications: data.connection_applications,
  };
}

const readerOf = (db: TestDatabase) => decodeURIComponent(new URL(db.readerUrl).username);
const notesOf = (exporter: TestExporter) => exporter.service.refresher.status.contractNotes.join('\n');
const missingNamed = (notes: string) =>
  V2_PARTS.filter((part) => new RegExp(`[ ,:]${part.replace('.', '\\.')}(,|$|\\n)`, 'm').test(notes));

describe('a CRM with only the v1 relations and columns', () => {
  const config = defaultConfig();
  let db: TestDatabase;
  let exporter: TestExporter;
  let data: Dataset;
  const full = randomDataset(20260301, T);

  beforeAll(async () => {
    db = await createTestDatabase({ version: 'v1' });
    data = v1Rows(full);
    await loadDataset(db, data);
    exporter = await startExporterFor(db, config, T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('publishes exactly the v1 series, is up and ready', async () => {
    const all = await scrapeAll(exporter);
    expect(differences(kpiSeries(all), computeNaive(data, T, config, 'v1').series)).toEqual([]);
    expect(all.get('crm_exporter_up')).toBe(1);
    const ready = await fetch(`${exporter.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('names every missing v2 part on the landing page and enables every v1 family', async () => {
    expect(missingNamed(notesOf(exporter))).toEqual(V2_PARTS);
    const page = await (await fetch(`${exporter.url}/`)).text();
    expect(page).toContain('customers.credit_grade');
    expect(page).toContain('connection_stages');
    const all = await scrapeAll(exporter);
    const enabled = [...all].filter(([key]) => key.startsWith('crm_exporter_family_enabled{'));
    expect(enabled.length).toBeGreaterThan(0);
    expect(enabled.filter(([key]) => key.includes('family="work_orders"'))).toEqual([
      ['crm_exporter_family_enabled{family="work_orders"}', 1],
    ]);
    expect(all.get('crm_exporter_family_enabled{family="restoration_info_validity"}')).toBe(0);
    expect(notesOf(exporter)).toContain(
      'family restoration_info_validity is off: it needs outages.restore_info_valid',
    );
  });

  it('turns the outage-experience families off and never runs their schedule', async () => {
    await exporter.service.refresher.refreshExperience();
    const all = await scrapeAll(exporter);
    expect(all.get('crm_exporter_family_enabled{family="outage_experience"}')).toBe(0);
    expect(all.get('crm_exporter_family_enabled{family="long_outage_customers"}')).toBe(0);
    expect(notesOf(exporter)).toContain('family outage_experience is off: it needs outage_customers');
    // the duration histogram observes every query run: none for the experience queries
    expect(await exporter.scrape()).toMatch(
      /^crm_exporter_refresh_duration_seconds_count\{family="work_orders"\} [1-9]/m,
    );
    expect(await exporter.scrape()).not.toMatch(
      /refresh_duration_seconds_count\{family="(invalid_)?outage_customers"\}/,
    );
    expect([...all.keys()].filter((key) => key.startsWith('crm_customers_outage_experience'))).toEqual([]);
    // no stale family on the landing page for a schedule that has nothing to read
    const { stale } = exporter.service.refresher.familyFreshness();
    expect(stale).toEqual([]);
    expect(all.get('crm_exporter_up')).toBe(1);
  });

  it('picks up a v2 column and a v2 relation (a view) at the next refresh', async () => {
    await db.admin.raw(`alter table ${db.schema}.outages add column restore_info_valid boolean`);
    await db.admin.raw(`create schema calls_base`);
    await db.admin.raw(
      `create table calls_base.calls (id bigint primary key, region_id text not null, queue text not null,
         offered_at timestamptz not null, answered_at timestamptz, abandoned_at timestamptz,
         called_back_at timestamptz)`,
    );
    await db.admin.batchInsert('calls_base.calls', full.calls ?? [], 500);
    await db.admin.raw(`create view ${db.schema}.calls as select * from calls_base.calls`);
    // as a deployment grants the relations it adds (the view's owner reads the table behind it)
    await db.admin.raw(`grant select on ${db.schema}.calls to ??`, [readerOf(db)]);
    // arrears without customers.credit_grade: the bills are counted, their ageing by grade is off
    await db.admin.raw(
      `create table ${db.schema}.arrears (id bigint primary key, customer_id bigint not null,
         region_id text not null, segment text not null, due_at timestamptz not null,
         amount_fen bigint not null, settled_at timestamptz)`,
    );
    await db.admin.batchInsert(`${db.schema}.arrears`, full.arrears ?? [], 500);
    await db.admin.raw(`grant select on ${db.schema}.arrears to ??`, [readerOf(db)]);
    await exporter.refresh();
    const missing = missingNamed(notesOf(exporter));
    const added = ['outages.restore_info_valid', 'calls', 'arrears'];
    expect(missing).toEqual(V2_PARTS.filter((p) => !added.includes(p)));
    expect(notesOf(exporter)).toContain('family arrears_ageing is off: it needs customers.credit_grade');
    // the v1 series, and now the families of the added column and relations
    const withAdded = { ...data, calls: full.calls, arrears: full.arrears };
    const v2 = computeNaive(withAdded, T, config).series;
    const ofAdded = [...v2].filter(([key]) =>
      /^crm_(restoration_info_reports_(checked|invalid)_total|calls_|call_answer_|missed_call_callback_|arrears_(bills|settled)_total)/.test(
        key,
      ),
    );
    const count = (prefix: string) => ofAdded.filter(([key]) => key.startsWith(prefix)).length;
    for (const prefix of ['crm_restoration_info_reports_', 'crm_calls_', 'crm_call_answer_', 'crm_arrears_'])
      expect([prefix, count(prefix)]).not.toEqual([prefix, 0]);
    const expected = new Map([...computeNaive(data, T, config, 'v1').series, ...ofAdded]);
    const all = await scrapeAll(exporter);
    expect(differences(kpiSeries(all), expected)).toEqual([]);
    expect(all.get('crm_exporter_up')).toBe(1);
    expect(all.get('crm_exporter_family_enabled{family="restoration_info_validity"}')).toBe(1);
    expect(all.get('crm_exporter_family_enabled{family="call_answer"}')).toBe(1);
    expect(all.get('crm_exporter_family_enabled{family="arrears"}')).toBe(1);
    expect(all.get('crm_exporter_family_enabled{family="arrears_ageing"}')).toBe(0);
    expect(all.get('crm_exporter_family_enabled{family="connection_stage"}')).toBe(0);
  });
});

describe('a CRM with every v2 part', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    exporter = await startExporterFor(db, defaultConfig(), T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('has no note and every family on', async () => {
    expect(notesOf(exporter)).toBe('');
    const all = await scrapeAll(exporter);
    const off = [...all].filter(([key, v]) => key.startsWith('crm_exporter_family_enabled{') && v !== 1);
    expect(off).toEqual([]);
  });
});
