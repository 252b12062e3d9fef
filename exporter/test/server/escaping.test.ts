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
    db = await createTestDatabase({ enforce: false }); // parents that are not regions
    const regions = db.admin.withSchema(db.schema).table('regions');
    await regions.insert([
      { id: 'p', name: HOSTILE_NAME, parent_id: null, level: 'province' },
      { id: 'p.c', name: HOSTILE_NAME, parent_id: 'p', level: 'city' },
      { id: HOSTILE_REGION, name: HOSTILE_NAME, parent_id: 'p.c', level: 'county' },
      { id: NEWLINE_REGION, name: 'newline', parent_id: 'p.c', level: 'county' },
      // the parent is published in crm_region_info{parent}: checked like the id
      { id: 'p.c2', name: 'newline parent', parent_id: 'p\n', level: 'city' },
      { id: 'p.c3', name: 'long parent', parent_id: 'p'.repeat(2500), level: 'city' },
      // invisible characters read as something else: a bidi override, a zero-width space
      { id: 'p.c4\u202egnp', name: 'override', parent_id: 'p', level: 'city' },
      { id: 'p.c5', name: '芜湖\u200b市', parent_id: 'p', level: 'city' },
      { id: 'p.c6', name: 'isolate parent', parent_id: 'p\u2066', level: 'city' },
    ]);
    await db.admin
      .withSchema(db.schema)
      .table('customers')
      .insert(
        ['residential', 'resi\u200bdential', '\u202dcommercial', '居民'].map((segment, i) => ({
          id: i + 1,
          region_id: HOSTILE_REGION,
          segment,
          area_class: 'urban',
          sensitivity: 1,
          opened_at: '2020-01-01T00:00:00Z',
        })),
      );
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
    expect(body).toContain('crm_exporter_invalid_rows{relation="regions",reason="unprintable_id"} 2');
  });

  it('publishes no label value with a control or invisible character, and counts the rows', async () => {
    const body = await exporter.scrape();
    const invalid = (relation: string, reason: string) =>
      `crm_exporter_invalid_rows{relation="${relation}",reason="${reason}"}`;
    expect(body).toContain(`${invalid('regions', 'unprintable_name')} 1`);
    expect(body).toContain(`${invalid('regions', 'unprintable_parent_id')} 2`);
    expect(body).toContain(`${invalid('regions', 'oversized_parent_id')} 1`);
    expect(body).toContain(`${invalid('customers', 'unprintable_segment')} 2`);
    expect(body.split('\n')).toContain('crm_customers{region="k\\"1\\\\2",segment="居民"} 1');
    const labelValues = [...body.matchAll(/="([^"]*)"/g)].map((m) => m[1] as string);
    // Unicode's own categories: control (Cc) and format (Cf), where the invisible characters are
    expect(labelValues.filter((v) => /[\p{Cc}\p{Cf}]/u.test(v))).toEqual([]);
    expect(body).not.toMatch(/parent="p{2500}"/);
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
