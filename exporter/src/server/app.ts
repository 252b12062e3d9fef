import express, { type Request, type Response } from 'express';
import { Registry } from 'prom-client';
import type { Refresher } from '../refresh/refresher';
import { EXPORTER_VERSION } from '../metrics/self';
import { landingPage } from './landing';

export interface AppContext {
  refresher: Refresher;
  /** the database target for humans, without password */
  databaseTarget: string;
  mode: 'demo' | 'database';
}

function wantsOpenMetrics(req: Request): boolean {
  return (req.get('accept') ?? '').includes('application/openmetrics-text');
}

export function createApp(context: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    });
    next();
  });

  app.get('/metrics', async (req: Request, res: Response) => {
    const contentType = wantsOpenMetrics(req)
      ? Registry.OPENMETRICS_CONTENT_TYPE
      : Registry.PROMETHEUS_CONTENT_TYPE;
    res.type(contentType).send(await context.refresher.exposition(contentType));
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });

  app.get('/readyz', (_req, res) => {
    const problems = context.refresher.readinessProblems();
    if (problems.length === 0) res.type('text/plain').send('ready\n');
    else
      res
        .status(503)
        .type('text/plain')
        .send(`not ready: ${problems.join('; ')}\n`);
  });

  app.get('/', (_req, res) => {
    res.type('html').send(landingPage({ ...context, version: EXPORTER_VERSION }));
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found: try /metrics, /healthz, /readyz or /\n');
  });
  return app;
}
