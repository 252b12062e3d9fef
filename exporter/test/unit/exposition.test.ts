import { Registry } from 'prom-client';
import { gunzipSync } from 'node:zlib';
import { negotiate, prepare, withLive } from '../../src/metrics/exposition';

const TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
const OPENMETRICS = Registry.OPENMETRICS_CONTENT_TYPE;

describe('negotiation of the exposition', () => {
  it.each([
    ['no Accept', undefined, TEXT],
    [
      'Prometheus 2',
      'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1',
      OPENMETRICS,
    ],
    [
      'Prometheus 3',
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      OPENMETRICS,
    ],
    ['a scraper preferring text', 'text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5', TEXT],
    ['OpenMetrics refused with q=0', 'application/openmetrics-text;q=0,text/plain', TEXT],
    ['OpenMetrics refused and nothing else', 'application/openmetrics-text;q=0', TEXT],
    ['OpenMetrics alone', 'application/openmetrics-text', OPENMETRICS],
    ['anything', '*/*', TEXT],
    ['a browser', 'text/html,application/xhtml+xml,*/*;q=0.8', TEXT],
  ])('%s: %s', (_, accept, expected) => {
    expect(negotiate({ accept }).contentType).toBe(expected);
  });

  it.each([
    [undefined, 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['*', 'gzip'],
    ['deflate', 'identity'],
    ['gzip;q=0', 'identity'],
    ['identity;q=1, gzip;q=0.5', 'identity'],
    ['gzip;q=1, identity;q=0.5', 'gzip'],
    ['identity;q=0', 'identity'], // nothing acceptable: the plain body rather than an error
  ])('Accept-Encoding %s: %s', (acceptEncoding, expected) => {
    expect(negotiate({ 'accept-encoding': acceptEncoding }).encoding).toBe(expected);
  });
});

describe('prepared exposition', () => {
  const kpi =
    '# HELP crm_customers Active electricity accounts.\n# TYPE crm_customers gauge\ncrm_customers{region="皖"} 3\n'.repeat(
      500,
    );
  const self = 'crm_exporter_up 1\n';

  it('in gzip, decompresses to the plain body: the prepared part and the live part as one stream', async () => {
    const prepared = await prepare(kpi);
    const plain = await withLive(prepared, self, 'identity');
    const gzip = await withLive(prepared, self, 'gzip');
    expect(plain.encoding).toBe('identity');
    expect(gzip.encoding).toBe('gzip');
    expect(Buffer.concat(plain.chunks).toString('utf8')).toBe(kpi + self);
    expect(gunzipSync(Buffer.concat(gzip.chunks)).toString('utf8')).toBe(kpi + self);
    expect(gzip.chunks[0]).toBe(prepared.gzip); // the prepared bytes, not compressed again per scrape
  });

  it('leaves out an empty prepared part (before the first refresh)', async () => {
    const plain = await withLive(await prepare(''), self, 'identity');
    expect(plain.chunks.map((c) => c.toString())).toEqual([self]);
  });
});
