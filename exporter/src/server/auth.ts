import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PasswordCheck } from './password-check';
import type { WebConfig } from './web-config';

const REALM = 'crm-kpi-exporter';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Bearer tokens compared in constant time: equal-length digests, every token looked at. */
function bearerTokenCheck(tokens: readonly string[]): (presented: string) => boolean {
  const digests = tokens.map(sha256);
  return (presented) => {
    const candidate = sha256(presented);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(known, candidate) || matched;
    return matched;
  };
}

function basicCredentials(encoded: string): { user: string; password: string } | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Requires basic-auth or a bearer token when the web config names users or tokens; undefined when it
 * names neither (the endpoints are then open, as without a web-config file).
 */
export function requireAuthentication(webConfig: WebConfig): RequestHandler | undefined {
  const passwords = webConfig.basicAuthUsers.size ? new PasswordCheck(webConfig.basicAuthUsers) : undefined;
  const tokens = webConfig.bearerTokens.length ? bearerTokenCheck(webConfig.bearerTokens) : undefined;
  if (!passwords && !tokens) return undefined;

  const challenges = [
    ...(passwords ? [`Basic realm="${REALM}", charset="UTF-8"`] : []),
    ...(tokens ? [`Bearer realm="${REALM}"`] : []),
  ];
  const refuse = (res: Response) => {
    res.set('WWW-Authenticate', challenges).status(401).type('text/plain').send('authentication required\n');
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const [scheme = '', credentials = ''] = (req.get('authorization') ?? '').trim().split(/\s+/, 2);
    switch (scheme.toLowerCase()) {
      case 'bearer':
        if (tokens?.(credentials)) return next();
        return refuse(res);
      case 'basic': {
        const given = basicCredentials(credentials);
        if (!passwords || !given) return refuse(res);
        passwords.check(given.user, given.password).then((verdict) => {
          if (verdict === 'accepted') return next();
          if (verdict === 'refused') return refuse(res);
          res
            .set('Retry-After', '1')
            .status(503)
            .type('text/plain')
            .send('too many password checks at once: retry\n');
        }, next);
        return;
      }
      default:
        return refuse(res);
    }
  };
}
