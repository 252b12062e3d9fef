import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

export interface RateLimitOptions {
  /** requests one client address may make per window */
  limit: number;
  windowMs: number;
}

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

export function limitRate(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    ...options,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, used) => {
      res.status(used.statusCode).type('text/plain').send('too many requests: slow down\n');
    },
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
