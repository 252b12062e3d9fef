import { listen } from '../../src/server/listen';
import type { ClientAuthType } from '../../src/server/web-config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { makeCertificates, type Certificates } from './support/certificates';
import { basic, request, TOOLKIT_HASH, TOOLKIT_PASSWORD, writeWebConfig } from './support/http';

describe('TLS', () => {
  let db: TestDatabase;
  let certs: Certificates;
  let exporter: TestExporter;

  beforeAll(async () => {
    certs = makeCertificates();
    db = await createTestDatabase();
    const webConfig = writeWebConfig({
      tls_server_config: { cert_file: certs.server.certFile, key_file: certs.server.keyFile },
      basic_auth_users: { prometheus: TOOLKIT_HASH },
    });
    exporter = await startTestExporter(db, { config: { web_config_file: webConfig } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('serves /metrics over HTTPS with a certificate the scraper can verify', async () => {
    expect(exporter.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await request(`${exporter.url}/metrics`, {
      ca: certs.ca.cert,
      headers: basic('prometheus', TOOLKIT_PASSWORD),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('crm_exporter_up 1');
  });

  it('still wants the password over TLS', async () => {
    expect((await request(`${exporter.url}/metrics`, { ca: certs.ca.cert })).status).toBe(401);
  });

  it('fails a scraper that does not trust the CA', async () => {
    await expect(request(`${exporter.url}/metrics`)).rejects.toThrow(/certificate/i);
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    await expect(request(`${exporter.url.replace('https:', 'http:')}/metrics`)).rejects.toThrow();
  });
});

describe('mutual TLS (RequireAndVerifyClientCert)', () => {
  let db: TestDatabase;
  let certs: Certificates;
  let exporter: TestExporter;

  beforeAll(async () => {
    certs = makeCertificates();
    db = await createTestDatabase();
    const webConfig = writeWebConfig({
      tls_server_config: {
        cert_file: certs.server.certFile,
        key_file: certs.server.keyFile,
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: certs.ca.certFile,
      },
    });
    exporter = await startTestExporter(db, { config: { web_config_file: webConfig } });
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('answers a scraper with a certificate from the client CA', async () => {
    const answer = await request(`${exporter.url}/metrics`, {
      ca: certs.ca.cert,
      cert: certs.client.cert,
      key: certs.client.key,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('crm_exporter_up 1');
  });

  it('refuses a scraper without a client certificate', async () => {
    await expect(request(`${exporter.url}/metrics`, { ca: certs.ca.cert })).rejects.toThrow(
      /certificate required/i,
    );
  });

  it('refuses a client certificate from another CA', async () => {
    await expect(
      request(`${exporter.url}/metrics`, {
        ca: certs.ca.cert,
        cert: certs.stranger.cert,
        key: certs.stranger.key,
      }),
    ).rejects.toThrow(/unknown ca|socket hang up|ECONNRESET/i);
  });

  it('requires the certificate for the probes too: TLS is below HTTP', async () => {
    await expect(request(`${exporter.url}/healthz`, { ca: certs.ca.cert })).rejects.toThrow();
  });
});

describe('the other client_auth_type policies', () => {
  let certs: Certificates;
  beforeAll(() => {
    certs = makeCertificates();
  });

  // what Go's tls.ClientAuthType does with: no certificate, one from the client CA, one from elsewhere
  it.each<[ClientAuthType, [boolean, boolean, boolean]]>([
    ['NoClientCert', [true, true, true]],
    ['RequestClientCert', [true, true, true]],
    ['RequireAnyClientCert', [false, true, true]],
    ['VerifyClientCertIfGiven', [true, true, false]],
    ['RequireAndVerifyClientCert', [false, true, false]],
  ])('%s', async (clientAuth, expected) => {
    const verifies = clientAuth === 'VerifyClientCertIfGiven' || clientAuth === 'RequireAndVerifyClientCert';
    const listener = await listen((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
      tls: {
        cert: certs.server.cert,
        key: certs.server.key,
        clientCa: verifies ? certs.ca.cert : undefined,
        clientAuth,
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.3',
      },
    });
    try {
      const answered = await Promise.all(
        [
          {},
          { cert: certs.client.cert, key: certs.client.key },
          { cert: certs.stranger.cert, key: certs.stranger.key },
        ].map((client) =>
          request(listener.url, { ca: certs.ca.cert, ...client }).then(
            (answer) => answer.status === 200,
            () => false,
          ),
        ),
      );
      expect(answered).toEqual(expected);
    } finally {
      await listener.close();
    }
  });
});
