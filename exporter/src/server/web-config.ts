import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createSecureContext, type SecureVersion } from 'node:tls';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../config';
import { TLS_VERSIONS, webConfigSchema, type ClientAuthType, type WebConfigFile } from './web-config-schema';

export { type ClientAuthType } from './web-config-schema';

export interface TlsSettings {
  cert: string;
  key: string;
  /** CA bundle that client certificates must chain to */
  clientCa?: string;
  clientAuth: ClientAuthType;
  minVersion: SecureVersion;
  maxVersion: SecureVersion;
}

/** The web configuration with every file read: what the HTTP server needs, checked at start-up. */
export interface WebConfig {
  /** the file it came from, for messages */
  source: string;
  tls?: TlsSettings;
  /** user → bcrypt hash */
  basicAuthUsers: ReadonlyMap<string, string>;
  bearerTokens: readonly string[];
  /** headers the operator set; they override the exporter's own */
  headers: Readonly<Record<string, string>>;
}

/** A bearer token shorter than this is too easy to guess, and the scrapers can hold a long one. */
export const MIN_BEARER_TOKEN_LENGTH = 16;

/** No TLS, no authentication: what the exporter does without a web-config file. */
export const OPEN_WEB_CONFIG: WebConfig = {
  source: '(none)',
  basicAuthUsers: new Map(),
  bearerTokens: [],
  headers: {},
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = (path: PropertyKey[]) =>
    path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
      .join('');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${at([...issue.path, key])}: unknown key`).join('\n  ');
  }
  // a bad record key (a user name) carries its reason one level down
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${at(issue.path) || '(top level)'}: ${message}`;
}

/**
 * Reads and validates a web-config file (exporter-toolkit format, see docs/security.md), reads the
 * certificate, key, CA and token files it names (relative paths are relative to the file, as in the
 * toolkit) and checks that the certificate and key load. Throws ConfigError naming the bad key.
 */
export function loadWebConfig(path: string): WebConfig {
  const fail = (detail: string) => new ConfigError(`web_config_file ${path}: ${detail}`);
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    throw fail(`cannot be read as YAML (${(error as Error).message})`);
  }
  const result = webConfigSchema.safeParse(parsed);
  if (!result.success) {
    throw fail(`invalid web configuration:\n  ${result.error.issues.map(describeIssue).join('\n  ')}`);
  }
  const file = result.data;
  const readNamed = (key: string, name: string) => {
    try {
      return readFileSync(resolve(dirname(path), name), 'utf8');
    } catch (error) {
      throw fail(`${key}: cannot read ${name} (${(error as Error).message})`);
    }
  };
  return {
    source: path,
    tls: file.tls_server_config && tlsSettings(file.tls_server_config, readNamed, fail),
    basicAuthUsers: new Map(Object.entries(file.basic_auth_users ?? {})),
    bearerTokens: (file.bearer_token_files ?? []).map((name, i) => {
      const key = `bearer_token_files[${i}]`;
      const token = readNamed(key, name).trim();
      if (!/^[\x21-\x7e]+$/.test(token) || token.length < MIN_BEARER_TOKEN_LENGTH) {
        throw fail(
          `${key}: ${name} must hold one token of at least ${MIN_BEARER_TOKEN_LENGTH} printable characters without spaces`,
        );
      }
      return token;
    }),
    headers: Object.fromEntries(
      Object.entries(file.http_server_config?.headers ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    ),
  };
}

function tlsSettings(
  tls: NonNullable<WebConfigFile['tls_server_config']>,
  readNamed: (key: string, name: string) => string,
  fail: (detail: string) => ConfigError,
): TlsSettings {
  // the schema guarantees exactly one of each file/inline pair
  const cert = tls.cert ?? readNamed('tls_server_config.cert_file', tls.cert_file as string);
  const key = tls.key ?? readNamed('tls_server_config.key_file', tls.key_file as string);
  const clientCa =
    tls.client_ca ??
    (tls.client_ca_file === undefined
      ? undefined
      : readNamed('tls_server_config.client_ca_file', tls.client_ca_file));
  const settings: TlsSettings = {
    cert,
    key,
    clientCa,
    clientAuth: tls.client_auth_type,
    minVersion: TLS_VERSIONS[tls.min_version],
    maxVersion: TLS_VERSIONS[tls.max_version],
  };
  try {
    // fails now, with the reason, on a bad PEM or a key that does not belong to the certificate
    createSecureContext({ cert, key, ca: clientCa });
  } catch (error) {
    throw fail(`tls_server_config: certificate, key or client CA do not load (${(error as Error).message})`);
  }
  return settings;
}
