import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createTestDatabase, ONE_COUNTY, type TestDatabase } from './support/db';
import { startTestExporter, type TestExporter } from './support/exporter';
import { kpiLines } from './support/exposition';

/** The raw answer, bytes as they came over the wire (fetch would decompress them). */
function get(url: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject).end();
  });
}

describe('/metrics compression and negotiation', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.admin.withSchema(db.schema).table('regions').insert(ONE_COUNTY);
    const customer = (id: number) => ({
      id,
      region_id: 'p.c.k',
      segment: `segment-${id % 5}`,
      area_class: 'urban',
      sensitivity: id % 6,
      opened_at: '2020-01-01T00:00:00Z',
    });
    await db.admin
      .withSchema(db.schema)
      .table('customers')
      .insert(Array.from({ length: 50 }, (_, i) => customer(i + 1)));
    exporter = await startTestExporter(db);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('serves gzip to a scraper that accepts it, decompressing to the plain exposition', async () => {
    const plain = await get(`${exporter.url}/metrics`, { 'accept-encoding': 'identity' });
    const gzip = await get(`${exporter.url}/metrics`, { 'accept-encoding': 'gzip, deflate' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    const unzipped = gunzipSync(gzip.body).toString('utf8');
    // the KPI series are the same; the self-metrics change between two scrapes
    expect(kpiLines(unzipped)).toEqual(kpiLines(plain.body.toString('utf8')));
    expect(kpiLines(unzipped)).toContain('crm_customers{region="p.c.k",segment="segment-1"} 10');
    expect(unzipped).toContain('crm_exporter_up 1');
    expect(gzip.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('serves OpenMetrics in gzip too, with one # EOF at the end', async () => {
    const answer = await get(`${exporter.url}/metrics`, {
      accept: 'application/openmetrics-text;version=1.0.0',
      'accept-encoding': 'gzip',
    });
    expect(answer.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const text = gunzipSync(answer.body).toString('utf8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text.match(/# EOF/g)).toHaveLength(1);
    expect(text).toContain('crm_customers{region="p.c.k",segment="segment-1"} 10');
  });

  it('does not serve OpenMetrics to a scraper that refuses it with q=0', async () => {
    const answer = await get(`${exporter.url}/metrics`, {
      accept: 'application/openmetrics-text;q=0, text/plain',
    });
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.body.toString('utf8')).not.toContain('# EOF');
  });

  it('answers HEAD with the headers of the gzip body and no body', async () => {
    const answer = await get(`${exporter.url}/metrics`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(0);
    expect(answer.body.length).toBe(0);
  });
});
