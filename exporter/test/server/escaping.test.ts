import { createLogger } from '../../src/log';
import { loadConfig } from '../../src/config';
import { startService, type Service } from '../../src/service';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { request } from './support/http';

/** a region id with the printable characters the text format must escape: quote and backslash */
const HOSTILE_REGION = 'k"1\\2';
/** ... and one with a newline, which the source contract refuses before it could become a label */
const NEWLINE_REGION = 'k\n3';
const HOSTILE_NAME = '<script>alert(1)</script>';
const HOSTILE_DATABASE = '<img src=x onerror=alert(1)>';

describe('hostile text from the database', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    const regions = db.admin.withSchema(db.schema).table('regions');
    await regions.insert([
      { id: 'p', name: HOSTILE_NAME, parent_id: null, level: 'province' },
      { id: 'p.c', name: HOSTILE_NAME, parent_id: 'p', level: 'city' },
      { id: HOSTILE_REGION, name: HOSTILE_NAME, parent_id: 'p.c', level: 'county' },
      { id: NEWLINE_REGION, name: 'newline', parent_id: 'p.c', level: 'county' },
    ]);
    await db.admin.withSchema(db.schema).table('customers').insert({
      id: 1,
      region_id: HOSTILE_REGION,
      segment: 'residential',
      area_class: 'urban',
      sensitivity: 1,
      opened_at: '2020-01-01T00:00:00Z',
    });
    exporter = await startTestExporter(db);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('is escaped in label values as the text format requires', async () => {
    const body = await exporter.scrape();
    // written out by hand from the exposition-format rules: \" for " and \\ for \
    expect(body.split('\n')).toContain('crm_customers{region="k\\"1\\\\2",segment="residential"} 1');
    expect(body).not.toMatch(/region="k\\n3"|region="k\n/);
    expect(body).toContain('crm_exporter_invalid_rows{relation="regions",reason="unprintable_id"} 1');
  });

  it('is escaped in OpenMetrics too', async () => {
    const body = await exporter.scrape('application/openmetrics-text; version=1.0.0');
    expect(body.split('\n')).toContain('crm_customers{region="k\\"1\\\\2",segment="residential"} 1');
  });
});

describe('the landing page', () => {
  let db: TestDatabase;
  let service: Service;

  beforeAll(async () => {
    // knex reports the failing connection on the console; the test looks at the page instead
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await createTestDatabase();
    // a database name that is markup: PostgreSQL quotes it back in its error, which becomes a problem
    // shown on the page
    const url = new URL(db.readerUrl);
    url.pathname = `/${HOSTILE_DATABASE}`;
    service = await startService({
      config: loadConfig({}, { port: 0, listen_address: '127.0.0.1', schema: db.schema }),
      databaseUrl: url.toString(),
      log: createLogger('silent'),
      mode: 'database',
      background: false,
    });
    await service.refresher.refresh();
  });
  afterAll(async () => {
    await service?.stop();
    await db?.close();
  });

  it('shows the problem with its markup escaped', async () => {
    expect(service.refresher.status.problems.join('\n')).toContain(HOSTILE_DATABASE);
    const page = await request(`${service.url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img');
    // and were anything to slip through, the policy forbids scripts on the page
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
