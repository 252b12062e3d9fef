import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

export interface RateLimitOptions {
  /** requests one client address may make per window */
  limit: number;
  windowMs: number;
}

/** The probes: open, cheap, and polled by orchestrators that must not be locked out by scrapes. */
export const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz'];
/** Probes count apart from other requests, against this multiple of the limit. */
const PROBE_ALLOWANCE = 10;
/**
 * Failed authentications one address may cause per window: a scraper with the right credentials
 * never fails, one with the wrong ones fails a few times a minute; a password guesser is cut off
 * before it makes bcrypt a burden.
 */
export const FAILED_AUTHENTICATIONS_PER_WINDOW = 30;

/**
 * Security headers. The pages are a table and plain text: no scripts, frames, forms or outside
 * resources. Strict-Transport-Security is off unless the operator sets it in the web config: it
 * would bind every port of the host name to HTTPS in browsers, other services' too.
 */
export function securityHeaders(extra: Readonly<Record<string, string>>): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
    (_req, res, next) => {
      // metrics and status are live values; no proxy or browser should keep them
      res.set('Cache-Control', 'no-store');
      res.set(extra);
      next();
    },
  ];
}

function limiter(options: RateLimitOptions & { skipSuccessfulRequests?: boolean }): RequestHandler {
  return rateLimit({
    ...options,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, used) => {
      res.status(used.statusCode).type('text/plain').send('too many requests: slow down\n');
    },
  });
}

/** Requests per client address; the probes have their own, higher budget. */
export function limitRate(options: RateLimitOptions): RequestHandler {
  const requests = limiter(options);
  const probes = limiter({ ...options, limit: options.limit * PROBE_ALLOWANCE });
  return (req, res, next) => (PROBE_PATHS.includes(req.path) ? probes : requests)(req, res, next);
}

/** Counts only the answers that fail (401 and the like) per address: guessing is cut off early. */
export function limitFailures(options: RateLimitOptions): RequestHandler {
  return limiter({
    windowMs: options.windowMs,
    limit: Math.min(FAILED_AUTHENTICATIONS_PER_WINDOW, options.limit),
    skipSuccessfulRequests: true,
  });
}

/**
 * Everything here is read-only: GET and HEAD (which express answers from the GET route). The
 * connection of any other method is closed, so a body it may carry is not read.
 */
export function onlyGetAndHead(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  res
    .set({ Allow: 'GET, HEAD', Connection: 'close' })
    .status(405)
    .type('text/plain')
    .send(`method ${req.method} not allowed\n`);
}

/**
 * No endpoint takes a body, so none is read: a request that announces one is answered 413 and its
 * connection closed, so the unread body is not drained either.
 */
export function refuseBodies(req: Request, res: Response, next: NextFunction): void {
  const length = req.get('content-length');
  const announcesBody =
    (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
  if (!announcesBody) return next();
  res.set('Connection', 'close').status(413).type('text/plain').send('request bodies are not accepted\n');
}
