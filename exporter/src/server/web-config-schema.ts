import { z } from 'zod';

/**
 * The web-config file of the Prometheus exporter-toolkit (docs/web-configuration.md there), the
 * subset this exporter honours, plus one documented extension: `bearer_token_files`.
 * Keys of the toolkit that cannot be honoured here are refused by name rather than ignored, so
 * that nobody believes a cipher list or a SAN allow-list protects them when it does not.
 */

const notSupported = (why: string) => z.never({ error: `not supported by this exporter: ${why}` }).optional();

export const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
const tlsVersion = z.enum(Object.keys(TLS_VERSIONS) as [keyof typeof TLS_VERSIONS]);

/** Go's tls.ClientAuthType names, as the toolkit spells them */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const pem = z.string().min(1);

const tlsServerConfig = z
  .strictObject({
    cert_file: z.string().min(1).optional(),
    key_file: z.string().min(1).optional(),
    cert: pem.optional(),
    key: pem.optional(),
    client_auth_type: z.enum(CLIENT_AUTH_TYPES).default('NoClientCert'),
    client_ca_file: z.string().min(1).optional(),
    client_ca: pem.optional(),
    min_version: tlsVersion.default('TLS12'),
    max_version: tlsVersion.default('TLS13'),
    client_allowed_sans: notSupported('use a client CA that issues only to the scrapers'),
    cipher_suites: notSupported("Node uses OpenSSL's default cipher suites"),
    prefer_server_cipher_suites: notSupported("Node uses OpenSSL's default cipher suites"),
    curve_preferences: notSupported("Node uses OpenSSL's default curves"),
  })
  .superRefine((tls, ctx) => {
    const exactlyOne = (file: keyof typeof tls, inline: keyof typeof tls) => {
      if ((tls[file] === undefined) === (tls[inline] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [file],
          message: `expected exactly one of ${file} and ${inline}`,
        });
      }
    };
    exactlyOne('cert_file', 'cert');
    exactlyOne('key_file', 'key');
    if (tls.client_ca_file !== undefined && tls.client_ca !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_ca'],
        message: 'expected client_ca_file or client_ca, not both',
      });
    }
    const hasCa = tls.client_ca_file !== undefined || tls.client_ca !== undefined;
    const verifies =
      tls.client_auth_type === 'VerifyClientCertIfGiven' ||
      tls.client_auth_type === 'RequireAndVerifyClientCert';
    if (verifies && !hasCa) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_ca_file'],
        message: `client_auth_type ${tls.client_auth_type} needs client_ca_file (the CA that signs the scrapers' certificates)`,
      });
    }
    if (hasCa && !verifies) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_auth_type'],
        message:
          'a client CA is configured but client_auth_type does not verify client certificates: use RequireAndVerifyClientCert',
      });
    }
    if (tls.min_version > tls.max_version) {
      ctx.addIssue({ code: 'custom', path: ['min_version'], message: 'must not be above max_version' });
    }
  });

/** the headers the toolkit lets operators set, with the values it accepts where they are an enumeration */
const headers = z.strictObject({
  'Content-Security-Policy': z.string().optional(),
  'X-Frame-Options': z.enum(['deny', 'sameorigin']).optional(),
  'X-Content-Type-Options': z.literal('nosniff').optional(),
  'X-XSS-Protection': z.string().optional(),
  'Strict-Transport-Security': z.string().optional(),
});

/** bcrypt in modular crypt format: $2a$/$2b$/$2y$, two-digit cost, 22 characters salt + 31 hash */
const bcryptHash = z
  .string()
  .regex(
    /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/,
    'expected a bcrypt hash such as $2y$10$… (see docs/security.md for how to make one)',
  );

const userName = z
  .string()
  .min(1)
  .regex(/^[^:]*$/, 'a basic-auth user name cannot contain ":"');

export const webConfigSchema = z.strictObject({
  tls_server_config: tlsServerConfig.optional(),
  http_server_config: z
    .strictObject({
      /** accepted for compatibility; this server speaks HTTP/1.1, which is what Prometheus scrapes with */
      http2: z.boolean().optional(),
      headers: headers.optional(),
    })
    .optional(),
  basic_auth_users: z.record(userName, bcryptHash).optional(),
  /** extension: files that each hold one bearer token; `Authorization: Bearer <token>` is then accepted */
  bearer_token_files: z.array(z.string().min(1)).min(1).optional(),
  rate_limit: notSupported('the exporter has its own per-client limit (docs/security.md)'),
});

export type WebConfigFile = z.output<typeof webConfigSchema>;
