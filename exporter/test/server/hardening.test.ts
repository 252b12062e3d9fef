import { connect, type Socket } from 'node:net';
import { createApp } from '../../src/server/app';
import { listen, type HttpListener } from '../../src/server/listen';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { request, writeWebConfig } from './support/http';

describe('HTTP hardening', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    const webConfig = writeWebConfig({
      http_server_config: {
        headers: { 'Strict-Transport-Security': 'max-age=300', 'X-Frame-Options': 'sameorigin' },
      },
    });
    exporter = await startTestExporter(db, { config: { web_config_file: webConfig } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('sends security headers on every answer, refusals included', async () => {
    for (const path of ['/', '/metrics', '/healthz', '/nothing-here']) {
      const { headers } = await request(`${exporter.url}${path}`);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['content-security-policy']).toBe(
        "default-src 'none';style-src 'unsafe-inline';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['x-powered-by']).toBeUndefined();
    }
  });

  it('lets the web config set headers, overriding the defaults', async () => {
    const { headers } = await request(`${exporter.url}/`);
    expect(headers['strict-transport-security']).toBe('max-age=300');
    expect(headers['x-frame-options']).toBe('sameorigin');
  });

  it('answers GET and HEAD only (405 with Allow otherwise)', async () => {
    const head = await request(`${exporter.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']) {
      const answer = await request(`${exporter.url}/metrics`, { method });
      expect([method, answer.status, answer.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
  });

  it('refuses a request body with 413 and closes the connection', async () => {
    const sized = await request(`${exporter.url}/metrics`, {
      headers: { 'content-length': '10' },
      body: 'x'.repeat(10),
    });
    expect(sized.status).toBe(413);
    expect(sized.headers.connection).toBe('close');
    const chunked = await request(`${exporter.url}/metrics`, {
      headers: { 'transfer-encoding': 'chunked' },
      body: 'x',
    });
    expect(chunked.status).toBe(413);
    // and nothing was read: the connection is gone, not waiting for the rest
    expect(chunked.headers.connection).toBe('close');
  });

  it('answers a failing scrape 500 without a stack trace', async () => {
    jest
      .spyOn(exporter.service.refresher, 'exposition')
      .mockRejectedValueOnce(new Error('secret detail at /srv/exporter/x.ts:1'));
    const answer = await request(`${exporter.url}/metrics`);
    expect(answer.status).toBe(500);
    expect(answer.body).toBe('internal error: see the exporter log\n');
  });

  it('refuses oversized headers with 431', async () => {
    const answer = await request(`${exporter.url}/metrics`, { headers: { 'x-padding': 'x'.repeat(9000) } });
    expect(answer.status).toBe(431);
  });
});

describe('rate limit', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  let limited: HttpListener;

  beforeAll(async () => {
    db = await createTestDatabase();
    exporter = await startTestExporter(db);
    // the exporter's own app and listener with a tiny limit, so that the test needs few requests
    const app = createApp(
      { refresher: exporter.service.refresher, databaseTarget: 'test', mode: 'database' },
      { rateLimit: { limit: 3, windowMs: 60_000 } },
    );
    limited = await listen(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await limited?.close();
    await exporter?.stop();
    await db?.close();
  });

  it('answers 429 beyond the limit, with the standard RateLimit headers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(`${limited.url}/metrics`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await request(`${limited.url}/`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['ratelimit-policy']).toMatch(/^"3-in-1min"; q=3; w=60;/);
  });

  it('gives the probes a budget of their own, ten times the limit: scrapes cannot lock them out', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await request(`${limited.url}/${i % 2 ? 'readyz' : 'healthz'}`)).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(statuses[30]).toBe(429);
  });

  it('has a default that scrapers and people do not reach', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) statuses.add((await request(`${exporter.url}/metrics`)).status);
    expect([...statuses]).toEqual([200]);
  });
});

describe('clients that hold connections', () => {
  it('cuts an answer the client does not read within the limit', async () => {
    // an answer far larger than the socket buffers, so that it cannot be handed over unread
    const body = Buffer.alloc(64 << 20, 'x');
    const listener = await listen((_req, res) => res.end(body), {
      host: '127.0.0.1',
      port: 0,
      clients: { responseMs: 500, connectionsPerAddress: 64 },
    });
    try {
      const socket = connect(Number(new URL(listener.url).port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.pause(); // and never read
      const connections = () =>
        new Promise<number>((resolve, reject) =>
          listener.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
        );
      // the server closes it: without the limit this waits for ever
      while ((await connections()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(socket.bytesRead).toBeLessThan(body.length);
      socket.destroy();
    } finally {
      await listener.close(0);
    }
  });

  it('closes connections beyond the limit per client address at once', async () => {
    const listener = await listen((_req, res) => res.end('ok\n'), {
      host: '127.0.0.1',
      port: 0,
      clients: { responseMs: 30_000, connectionsPerAddress: 5 },
    });
    const port = Number(new URL(listener.url).port);
    const sockets: Socket[] = [];
    /** per connection, in order: answered (false) or closed by the server unanswered (true) */
    const outcomes: Promise<boolean>[] = [];
    const open = (localAddress: string) =>
      new Promise<void>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve());
        sockets.push(socket);
        outcomes.push(
          new Promise<boolean>((settle) => {
            socket.once('data', () => settle(false));
            socket.once('close', () => settle(true));
            socket.on('error', () => settle(true));
          }),
        );
      });
    try {
      for (let i = 0; i < 7; i++) await open('127.0.0.6');
      await open('127.0.0.7'); // another address has its own budget
      for (const socket of sockets)
        if (!socket.destroyed) socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const closedByServer = await Promise.all(outcomes);
      expect(closedByServer).toEqual([false, false, false, false, false, true, true, false]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await listener.close(0);
    }
  });
});
