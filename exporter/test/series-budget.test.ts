import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';
import { sampleValue } from './support/exposition';

describe('series budget (max_series)', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const logged: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    // v1: no credit-grade family, so the customers family alone fills the budget
    db = await createTestDatabase({ version: 'v1' });
    await db.admin
      .withSchema(db.schema)
      .table('regions')
      .insert({ id: 'k', name: 'K', parent_id: null, level: 'county' });
    // 10 segments → 10 label combinations of the customers family, 4 series each (crm_customers,
    // _sensitive, _opened_total, _closed_total)
    await db.admin
      .withSchema(db.schema)
      .table('customers')
      .insert(
        Array.from({ length: 10 }, (_, i) => ({
          id: i + 1,
          region_id: 'k',
          segment: `s${i}`,
          area_class: 'urban',
          opened_at: '2020-01-01T00:00:00Z',
        })),
      );
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    // the sensitivity edit below is years after the rows' timestamps: recount in full every refresh
    exporter = await startTestExporter(db, { config: { max_series: 12, full_recount_interval: 0 }, log });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('publishes new label combinations only while they fit, and counts the rest', async () => {
    await exporter.refresh();
    const body = await exporter.scrape();
    // 12 series of room: three combinations of 4 series fit, the other seven are refused
    expect(body.split('\n').filter((l) => l.startsWith('crm_customers{'))).toHaveLength(3);
    expect(sampleValue(body, 'crm_exporter_series_refused')).toBe(7);
    expect(sampleValue(body, 'crm_exporter_series_limit')).toBe(12);
    expect(sampleValue(body, 'crm_exporter_up')).toBe(1);
  });

  it('keeps updating what it publishes, says why on the landing page, and logs it once', async () => {
    await db.admin.withSchema(db.schema).table('customers').update({ sensitivity: 4 });
    await exporter.refresh();
    const body = await exporter.scrape();
    const sensitive = body.split('\n').filter((l) => l.startsWith('crm_customers_sensitive{'));
    expect(sensitive).toHaveLength(3);
    expect(sensitive.every((l) => l.endsWith(' 1'))).toBe(true);
    expect(await (await fetch(`${exporter.url}/`)).text()).toContain(
      // and the one of 4-star customers (crm_customers_by_stars)
      'series budget max_series=12 reached: 8 new label combinations',
    );
    expect(logged.filter((l) => l.msg.startsWith('series budget'))).toHaveLength(1);
  });
});
