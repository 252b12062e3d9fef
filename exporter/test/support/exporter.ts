import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { startService, type Service } from '../../src/service';
import type { TestDatabase } from './db';

export interface TestExporter {
  url: string;
  service: Service;
  scrape(accept?: string): Promise<string>;
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real exporter, in-process, reading the test database through its read-only role on a free port.
 * It refreshes once before resolving and afterwards only when asked, so tests control time.
 */
export async function startTestExporter(
  db: TestDatabase,
  options: {
    config?: Record<string, unknown>;
    evaluateAt?: Date | (() => Date);
    log?: Logger;
    /** false: never read the outage-experience gauges (a test of the refresh's own transactions) */
    experience?: boolean;
  } = {},
): Promise<TestExporter> {
  const config = loadConfig(
    {},
    { port: 0, listen_address: '127.0.0.1', schema: db.schema, ...options.config },
  );
  const service = await startService({
    config,
    databaseUrl: db.readerUrl,
    log: options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    mode: 'database',
    background: false,
    evaluateAt: options.evaluateAt,
  });
  // the outage-experience gauges have a schedule of their own: a test's refresh reads them too
  const refresh = async () => {
    await service.refresher.refresh();
    if (options.experience !== false) await service.refresher.refreshExperience();
  };
  await refresh();
  return {
    url: service.url,
    service,
    async scrape(accept?: string) {
      const response = await fetch(`${service.url}/metrics`, accept ? { headers: { accept } } : {});
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      return response.text();
    },
    refresh,
    stop: () => service.stop(),
  };
}
