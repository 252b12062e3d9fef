import { ConfigError } from '../../src/config';
import { loadWebConfig } from '../../src/server/web-config';
import { makeCertificates, type Certificates } from './support/certificates';
import { TOOLKIT_HASH, writeWebConfig } from './support/http';

const TOKEN = 'e3b0c44298fc1c149afbf4c8996fb924';

function errorOf(path: string): ConfigError {
  try {
    loadWebConfig(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadWebConfig to throw');
}

describe('loadWebConfig', () => {
  let certs: Certificates;
  beforeAll(() => {
    certs = makeCertificates();
  });

  it('reads the toolkit format, resolving relative file names against the file', () => {
    const path = writeWebConfig(
      {
        tls_server_config: {
          cert: certs.server.cert,
          key: certs.server.key,
          client_auth_type: 'RequireAndVerifyClientCert',
          client_ca_file: certs.ca.certFile,
          min_version: 'TLS13',
        },
        http_server_config: {
          http2: true,
          headers: { 'X-Frame-Options': 'sameorigin', 'X-XSS-Protection': '' },
        },
        basic_auth_users: { prometheus: TOOLKIT_HASH },
        bearer_token_files: ['token'],
      },
      { token: `${TOKEN}\n` },
    );
    const config = loadWebConfig(path);
    expect(config.tls).toEqual({
      cert: certs.server.cert,
      key: certs.server.key,
      clientCa: certs.ca.cert,
      clientAuth: 'RequireAndVerifyClientCert',
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
    });
    expect([...config.basicAuthUsers]).toEqual([['prometheus', TOOLKIT_HASH]]);
    expect(config.bearerTokens).toEqual([TOKEN]);
    // a blank header value means "unset", as in the toolkit
    expect(config.headers).toEqual({ 'X-Frame-Options': 'sameorigin' });
  });

  it('treats an empty file as no TLS and no authentication', () => {
    const config = loadWebConfig(writeWebConfig(''));
    expect(config.tls).toBeUndefined();
    expect(config.basicAuthUsers.size).toBe(0);
    expect(config.bearerTokens).toEqual([]);
  });

  it.each([
    [
      { tls_server_config: { cert_file: 'a', key_file: 'b', certfile: 'c' } },
      'tls_server_config.certfile: unknown key',
    ],
    [{ basic_auth_user: {} }, 'basic_auth_user: unknown key'],
    [{ basic_auth_users: { alice: 'secret' } }, 'basic_auth_users.alice: expected a bcrypt hash'],
    [
      { basic_auth_users: { 'a:b': TOOLKIT_HASH } },
      'basic_auth_users.a:b: a basic-auth user name cannot contain ":"',
    ],
    [
      { tls_server_config: { key_file: 'b' } },
      'tls_server_config.cert_file: expected exactly one of cert_file and cert',
    ],
    [
      {
        tls_server_config: { cert_file: 'a', key_file: 'b', client_auth_type: 'RequireAndVerifyClientCert' },
      },
      'tls_server_config.client_ca_file: client_auth_type RequireAndVerifyClientCert needs client_ca_file',
    ],
    [
      { tls_server_config: { cert_file: 'a', key_file: 'b', client_auth_type: 'Always' } },
      'tls_server_config.client_auth_type:',
    ],
    [
      { tls_server_config: { cert_file: 'a', key_file: 'b', min_version: 'TLS14' } },
      'tls_server_config.min_version:',
    ],
    [
      { tls_server_config: { cert_file: 'a', key_file: 'b', cipher_suites: ['TLS_AES_128_GCM_SHA256'] } },
      'tls_server_config.cipher_suites: not supported by this exporter',
    ],
    [
      { http_server_config: { headers: { 'X-Frame-Options': 'allow' } } },
      'http_server_config.headers.X-Frame-Options:',
    ],
    [
      { http_server_config: { headers: { 'Set-Cookie': 'a=b' } } },
      'http_server_config.headers.Set-Cookie: unknown key',
    ],
    [{ rate_limit: { interval: '1s', burst: 5 } }, 'rate_limit: not supported by this exporter'],
    [{ bearer_token_files: [] }, 'bearer_token_files:'],
  ])('names the bad key of %j', (content, message) => {
    expect(errorOf(writeWebConfig(content)).message).toContain(message);
  });

  it('names the key whose file cannot be read', () => {
    const path = writeWebConfig({
      tls_server_config: { cert_file: 'missing.crt', key_file: certs.server.keyFile },
    });
    expect(errorOf(path).message).toMatch(/tls_server_config\.cert_file: cannot read missing\.crt \(ENOENT/);
  });

  it('refuses a key that does not belong to the certificate', () => {
    const path = writeWebConfig({
      tls_server_config: { cert_file: certs.server.certFile, key_file: certs.client.keyFile },
    });
    expect(errorOf(path).message).toMatch(/tls_server_config: certificate, key or client CA do not load/);
  });

  it('refuses a guessable bearer token, naming its entry', () => {
    const path = writeWebConfig({ bearer_token_files: ['good', 'short'] }, { good: TOKEN, short: 'letmein' });
    expect(errorOf(path).message).toContain(
      'bearer_token_files[1]: short must hold one token of at least 16',
    );
  });

  it('says when the file is not YAML or not there', () => {
    expect(errorOf(writeWebConfig('tls_server_config: [')).message).toMatch(
      /web_config_file .*: cannot be read as YAML/,
    );
    expect(errorOf('/nonexistent/web.yml').message).toContain(
      'web_config_file /nonexistent/web.yml: cannot be read',
    );
  });
});
