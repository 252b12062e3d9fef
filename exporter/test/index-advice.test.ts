import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';

/**
 * The contract as the demo migrations create it has every index the incremental queries need; here
 * one is dropped and one relation is a view, as at a utility whose DBA has not finished.
 */
describe('missing-index advice', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let logged: { advice?: string[]; msg?: string }[];

  beforeAll(async () => {
    db = await createTestDatabase({ enforce: false });
    const reader = decodeURIComponent(new URL(db.readerUrl).username);
    await db.admin.raw(`drop index ${db.schema}.customers_opened_at_idx`);
    // v2 relations' timestamps are filtered on too
    await db.admin.raw(`drop index ${db.schema}.arrears_settled_at_idx`);
    await db.admin.raw(`drop index ${db.schema}.calls_abandoned_at_idx`);
    // the outage-experience query finds the customers of each outage through outage_id
    await db.admin.raw(`drop index ${db.schema}.outage_customers_outage_id_idx`);
    await db.admin.raw(`alter table ${db.schema}.outage_customers drop constraint outage_customers_pkey`);
    await db.admin.raw(`alter table ${db.schema}.callbacks rename to callbacks_table`);
    await db.admin.raw(`create view ${db.schema}.callbacks as select * from ${db.schema}.callbacks_table`);
    await db.admin.raw(`grant select on ${db.schema}.callbacks to "${reader}"`);
    logged = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    exporter = await startTestExporter(db, { log });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('publishes crm_exporter_missing_index for the dropped indexes only', async () => {
    const missing = (await exporter.scrape())
      .split('\n')
      .filter((l) => l.startsWith('crm_exporter_missing_index{'));
    expect(missing.sort()).toEqual([
      'crm_exporter_missing_index{relation="arrears",column="settled_at"} 1',
      'crm_exporter_missing_index{relation="calls",column="abandoned_at"} 1',
      'crm_exporter_missing_index{relation="customers",column="opened_at"} 1',
      'crm_exporter_missing_index{relation="outage_customers",column="outage_id"} 1',
    ]);
  });

  it('names the CREATE INDEX to run, and the view it cannot see through, on the landing page', async () => {
    const html = await (await fetch(`${exporter.url}/`)).text();
    expect(html).toContain(
      `create index concurrently customers_opened_at_idx on &quot;${db.schema}&quot;.&quot;customers&quot; (opened_at);`,
    );
    expect(html).toContain(
      `create index concurrently outage_customers_outage_id_idx on &quot;${db.schema}&quot;.&quot;outage_customers&quot; (outage_id);`,
    );
    expect(html).toContain(`${db.schema}.callbacks is a view: the exporter cannot see the indexes behind it`);
    expect(html).toContain('as called_at in the tables it is made of');
    expect(html).not.toMatch(/no index on [^<]*work_orders/);
  });

  it('says so once in the log, not on every refresh', async () => {
    await exporter.refresh();
    await exporter.refresh();
    const warnings = logged.filter((entry) => entry.advice);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.advice).toHaveLength(5);
  });
});
