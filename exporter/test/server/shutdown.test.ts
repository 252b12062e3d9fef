import http from 'node:http';
import { listen } from '../../src/server/listen';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { request } from './support/http';

describe('graceful stop of the HTTP side', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    exporter = await startTestExporter(db);
  });
  afterAll(() => db?.close());

  it('answers the scrape in flight, refuses new connections and closes idle keep-alive ones', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = await request(`${exporter.url}/healthz`, { agent });
    expect(idle.headers.connection).toBe('keep-alive'); // a scraper's connection, idle between scrapes

    // hold one scrape inside the handler until the stop has begun
    const { refresher } = exporter.service;
    const exposition = refresher.exposition.bind(refresher);
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(refresher, 'exposition').mockImplementation(async (contentType) => {
      entered();
      await released;
      return exposition(contentType);
    });
    // on a keep-alive connection too, which the server must close after this answer
    const scraper = new http.Agent({ keepAlive: true });
    const inFlight = request(`${exporter.url}/metrics`, { agent: scraper });
    await inHandler;

    const started = Date.now();
    const stopping = exporter.stop();
    await expect(request(`${exporter.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    release();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('crm_exporter_up 1');
    expect(answer.headers.connection).toBe('close');
    await stopping;
    // the idle keep-alive connection did not hold the stop for its 65 s timeout
    expect(Date.now() - started).toBeLessThan(5_000);
    agent.destroy();
    scraper.destroy();
  });
});

describe('the listener', () => {
  it('cuts a request that outlives the grace period', async () => {
    const listener = await listen(() => undefined /* never answers */, { host: '127.0.0.1', port: 0 });
    const hanging = request(`${listener.url}/metrics`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await listener.close(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
