import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; secrets are redacted wherever they appear as fields. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'crm-kpi-exporter' },
    redact: {
      paths: ['password', '*.password', 'database_url', '*.database_url', 'url', '*.url'],
      censor: '[redacted]',
    },
  });
}
