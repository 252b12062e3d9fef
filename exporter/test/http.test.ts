import { createTestDatabase, ONE_COUNTY, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';

describe('HTTP endpoints', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.admin.withSchema(db.schema).table('regions').insert(ONE_COUNTY);
    await db.admin
      .withSchema(db.schema)
      .table('customers')
      .insert([
        {
          id: 1,
          region_id: 'p.c.k',
          segment: 'residential',
          area_class: 'urban',
          sensitivity: 4,
          opened_at: '2020-01-01T00:00:00Z',
        },
      ]);
    exporter = await startTestExporter(db);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('serves the Prometheus text format by default', async () => {
    const response = await fetch(`${exporter.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('crm_customers{region="p.c.k",segment="residential"} 1');
    expect(body).toContain('crm_customers_sensitive{region="p.c.k",segment="residential"} 1');
    expect(body).toContain('crm_exporter_up 1');
    expect(body).toContain('# TYPE crm_work_orders_accepted_total counter');
  });

  it('serves OpenMetrics when the scraper asks for it', async () => {
    const response = await fetch(`${exporter.url}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    });
    expect(response.headers.get('content-type')).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
    const body = await response.text();
    expect(body.endsWith('# EOF\n')).toBe(true);
    expect(body.match(/# EOF/g)).toHaveLength(1);
    expect(body).toContain('# TYPE crm_exporter_refresh_failures counter');
    // and the plain format is unharmed afterwards
    expect(await exporter.scrape()).toContain('# TYPE crm_exporter_refresh_failures_total counter');
  });

  it("keeps a renamed region's old info series, at 0", async () => {
    await db.admin.withSchema(db.schema).table('regions').where({ id: 'p.c.k' }).update({ name: '新县' });
    await exporter.refresh();
    const body = await exporter.scrape();
    expect(body).toContain('crm_region_info{region="p.c.k",name="县",parent="p.c",level="county"} 0');
    expect(body).toContain('crm_region_info{region="p.c.k",name="新县",parent="p.c",level="county"} 1');
  });

  it('reports ready once a refresh succeeded, and alive always', async () => {
    expect((await fetch(`${exporter.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${exporter.url}/healthz`)).status).toBe(200);
  });

  it('shows a landing page without the password', async () => {
    const response = await fetch(`${exporter.url}/`);
    const html = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('href="/metrics"');
    const password = new URL(db.readerUrl).password;
    expect(html).not.toContain(password);
    expect(html).toContain(new URL(db.readerUrl).username);
  });
});
