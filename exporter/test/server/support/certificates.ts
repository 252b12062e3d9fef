import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from './tmp';

export interface KeyPair {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface Certificates {
  dir: string;
  /** the CA that signs the server's and the scraper's certificates */
  ca: KeyPair;
  /** for localhost and 127.0.0.1 */
  server: KeyPair;
  /** a scraper's client certificate, signed by `ca` */
  client: KeyPair;
  /** a client certificate from a CA the exporter does not trust */
  stranger: KeyPair;
}

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'openssl is not installed (apt-get install openssl)'
        : String(error);
    throw new Error(`cannot make test certificates: ${reason}`, { cause: error });
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function selfSignedCa(dir: string, name: string): KeyPair {
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
  return read(dir, name);
}

function signedBy(dir: string, ca: string, name: string, extensions: string): KeyPair {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'req',
    '-new',
    ...EC_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  ]);
  return read(dir, name);
}

function read(dir: string, name: string): KeyPair {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** Real certificates, made with openssl for this test run (EC P-256: fast to make). */
export function makeCertificates(): Certificates {
  const dir = temporaryDirectory('exporter-tls-');
  const ca = selfSignedCa(dir, 'scrape-ca');
  selfSignedCa(dir, 'other-ca');
  return {
    dir,
    ca,
    server: signedBy(
      dir,
      'scrape-ca',
      'server',
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
    ),
    client: signedBy(dir, 'scrape-ca', 'prometheus', 'extendedKeyUsage=clientAuth\n'),
    stranger: signedBy(dir, 'other-ca', 'stranger', 'extendedKeyUsage=clientAuth\n'),
  };
}
