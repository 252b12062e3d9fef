import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../log';
import { negotiate } from '../metrics/exposition';
import { EXPORTER_VERSION } from '../metrics/self';
import { requireAuthentication } from './auth';
import {
  limitFailures,
  limitRate,
  onlyGetAndHead,
  refuseBodies,
  securityHeaders,
  type RateLimitOptions,
} from './hardening';
import type { AppContext } from './context';
import { freshnessLines, landingPage } from './landing';
import { OPEN_WEB_CONFIG, type WebConfig } from './web-config';

export type { AppContext } from './context';

/**
 * Replaces express's default error page, which shows the stack trace unless NODE_ENV=production:
 * a client learns that it failed, the log learns why.
 */
const answerErrorsPlainly =
  (log: Logger | undefined) =>
  (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    log?.error({ err: error, path: req.path }, 'HTTP request failed');
    res.status(500).type('text/plain').send('internal error: see the exporter log\n');
  };

export interface AppOptions {
  /** TLS is the listener's business; the app takes the authentication and headers from it */
  webConfig?: WebConfig;
  rateLimit: RateLimitOptions;
  /** where failed requests are logged */
  log?: Logger;
}

/**
 * The order is the point: headers on every answer (refusals too), then the cheap refusals (rate,
 * method, body) before any work, the probes open, and authentication before metrics and the page.
 */
export function createApp(context: AppContext, options: AppOptions): express.Express {
  const webConfig = options.webConfig ?? OPEN_WEB_CONFIG;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // every answer is fresh; a conditional GET would only cost a hash
  app.use(securityHeaders(webConfig.headers));
  app.use(limitRate(options.rateLimit));
  app.use(onlyGetAndHead);
  app.use(refuseBodies);

  // open for liveness and readiness probes, which carry no credentials; they
  // tell only alive/ready and why not, no KPI values
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });

  app.get('/readyz', (_req, res) => {
    const problems = context.refresher.readinessProblems();
    const families = freshnessLines(context.refresher).join('\n');
    if (problems.length === 0) res.type('text/plain').send(`ready\n${families}\n`);
    else
      res
        .status(503)
        .type('text/plain')
        .send(`not ready: ${problems.join('; ')}\n${families}\n`);
  });

  const authenticate = requireAuthentication(webConfig);
  if (authenticate) app.use(limitFailures(options.rateLimit), authenticate);

  // the body is bytes prepared at refresh time: written as they are, not copied into one buffer
  app.get('/metrics', async (req: Request, res: Response) => {
    const { contentType, encoding } = negotiate(req.headers);
    const body = await context.refresher.exposition(contentType, encoding);
    res.type(contentType).vary('Accept').vary('Accept-Encoding');
    if (body.encoding === 'gzip') res.set('Content-Encoding', 'gzip');
    res.set('Content-Length', String(body.chunks.reduce((n, chunk) => n + chunk.length, 0)));
    for (const chunk of body.chunks) res.write(chunk);
    res.end();
  });

  app.get('/', (_req, res) => {
    res.type('html').send(landingPage({ ...context, version: EXPORTER_VERSION }));
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found: try /metrics, /healthz, /readyz or /\n');
  });
  app.use(answerErrorsPlainly(options.log));
  return app;
}
