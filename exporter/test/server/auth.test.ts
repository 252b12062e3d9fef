import bcrypt from 'bcryptjs';
import { ConfigError } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { basic, bearer, request, TOOLKIT_HASH, TOOLKIT_PASSWORD, writeWebConfig } from './support/http';

const TOKEN = 'k9VbS2qN7xLr4TzE8mWc1pYh';

describe('basic-auth and bearer-token protection', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    const webConfig = writeWebConfig(
      { basic_auth_users: { prometheus: TOOLKIT_HASH }, bearer_token_files: ['scrape.token'] },
      { 'scrape.token': `${TOKEN}\n` },
    );
    exporter = await startTestExporter(db, { config: { web_config_file: webConfig } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('refuses an unauthenticated scrape with 401 and both challenges', async () => {
    const answer = await request(`${exporter.url}/metrics`);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(
      'Basic realm="crm-kpi-exporter", charset="UTF-8", Bearer realm="crm-kpi-exporter"',
    );
    expect(answer.body).not.toContain('crm_');
  });

  it('refuses a wrong password, an unknown user and a malformed header', async () => {
    for (const headers of [
      basic('prometheus', 'fakepasswore'),
      basic('prometheus', ''),
      basic('grafana', TOOLKIT_PASSWORD),
      { authorization: 'Basic not-base64-without-colon' },
      { authorization: 'Digest username="prometheus"' },
    ]) {
      expect((await request(`${exporter.url}/metrics`, { headers })).status).toBe(401);
    }
  });

  it('accepts the right password (a $2y$ hash as htpasswd writes it)', async () => {
    const answer = await request(`${exporter.url}/metrics`, {
      headers: basic('prometheus', TOOLKIT_PASSWORD),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('crm_exporter_up 1');
  });

  it('pays bcrypt once for repeated scrapes with the same credentials', async () => {
    const compare = jest.spyOn(bcrypt, 'compare');
    const password = basic('prometheus', TOOLKIT_PASSWORD);
    await request(`${exporter.url}/metrics`, { headers: basic('prometheus', 'another wrong one') });
    for (let i = 0; i < 3; i++) {
      expect((await request(`${exporter.url}/metrics`, { headers: password })).status).toBe(200);
    }
    // the right password was verified in the test before; only the new wrong one costs a hash
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('accepts the bearer token and refuses others', async () => {
    const url = `${exporter.url}/metrics`;
    expect((await request(url, { headers: bearer(TOKEN) })).status).toBe(200);
    expect((await request(url, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    expect((await request(url, { headers: bearer(TOKEN.slice(0, -1)) })).status).toBe(401);
    expect((await request(url, { headers: bearer(`${TOKEN}x`) })).status).toBe(401);
    expect((await request(url, { headers: bearer('') })).status).toBe(401);
    // the token is not a password of any user
    expect((await request(url, { headers: basic('prometheus', TOKEN) })).status).toBe(401);
  });

  it('protects the landing page and unknown paths too', async () => {
    expect((await request(`${exporter.url}/`)).status).toBe(401);
    expect((await request(`${exporter.url}/nothing-here`)).status).toBe(401);
    const page = await request(`${exporter.url}/`, { headers: bearer(TOKEN) });
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/metrics"');
  });

  it('leaves the probes open', async () => {
    expect((await request(`${exporter.url}/healthz`)).status).toBe(200);
    expect((await request(`${exporter.url}/readyz`)).status).toBe(200);
  });
});

describe('a flood of wrong passwords from several addresses', () => {
  let db: TestDatabase;
  let exporter: TestExporter;
  const FLOODERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
  const PER_ADDRESS = 60;

  beforeAll(async () => {
    db = await createTestDatabase();
    const webConfig = writeWebConfig({ basic_auth_users: { prometheus: TOOLKIT_HASH } });
    exporter = await startTestExporter(db, { config: { web_config_file: webConfig } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('answers a verified scraper without checking it again, and bounds the bcrypt work', async () => {
    const url = `${exporter.url}/metrics`;
    const good = basic('prometheus', TOOLKIT_PASSWORD);
    expect((await request(url, { headers: good })).status).toBe(200); // verified once, before
    const compare = jest.spyOn(bcrypt, 'compare');
    const statuses: number[] = [];
    // each address guesses one unique password after the other, as fast as it is answered
    const flood = FLOODERS.map(async (address) => {
      for (let i = 0; i < PER_ADDRESS; i++) {
        const headers = basic('prometheus', `guess ${address} ${i}`);
        statuses.push((await request(url, { headers, localAddress: address })).status);
      }
    });
    // scrapes go on while the flood runs, as Prometheus's do
    while (statuses.length < FLOODERS.length * PER_ADDRESS) {
      expect((await request(url, { headers: good })).status).toBe(200);
    }
    await Promise.all(flood);

    // the scraper's verdict stayed cached (the flood did not push it out): it never waits for bcrypt
    expect(compare.mock.calls.filter(([password]) => password === TOOLKIT_PASSWORD)).toHaveLength(0);
    // beyond 30 failures a minute an address is refused before any check
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBe(FLOODERS.length * 30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(FLOODERS.length * (PER_ADDRESS - 30));
    expect(compare).toHaveBeenCalledTimes(checked);
  }, 120_000);
});

describe('a bad web-config file', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('stops start-up with a ConfigError naming the key', async () => {
    const webConfig = writeWebConfig({ basic_auth_users: { prometheus: 'plain-text-password' } });
    const starting = startTestExporter(db, { config: { web_config_file: webConfig } });
    await expect(starting).rejects.toThrow(ConfigError);
    await expect(starting).rejects.toThrow(/basic_auth_users\.prometheus: expected a bcrypt hash/);
  });
});
