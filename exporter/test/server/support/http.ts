import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { temporaryDirectory } from './tmp';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** TLS: the CA to trust, and a client certificate to present */
  ca?: string;
  cert?: string;
  key?: string;
  agent?: http.Agent;
  /** the client's address, e.g. 127.0.0.2: several clients on one machine */
  localAddress?: string;
}

/**
 * One request with node:http(s), answering status, headers and body. Not fetch: it needs custom
 * CAs and client certificates, and GET with a body.
 */
export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        agent: options.agent ?? false,
        localAddress: options.localAddress,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // written before end(), so that content-length or transfer-encoding are the caller's to set
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Writes a web-config file (and any extra files beside it) into a fresh directory; answers its path. */
export function writeWebConfig(content: unknown, files: Record<string, string> = {}): string {
  const dir = temporaryDirectory('exporter-web-config-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = join(dir, 'web-config.yml');
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}

/**
 * bcrypt of "fakepassword" at cost 10, as the Prometheus exporter-toolkit ships it (web/handler.go):
 * an independently made `$2y$` hash such as htpasswd writes.
 */
export const TOOLKIT_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
export const TOOLKIT_PASSWORD = 'fakepassword';
