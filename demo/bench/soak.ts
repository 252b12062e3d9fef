import { parseArgs } from 'node:util';
import { loadConfig, createLogger, startService } from '@service-kpi-monitor/exporter';
import { startDemoDatabase } from '../src/demo-database';

/**
 * Soak: the exporter on a demo database that keeps changing, scraped continuously by several clients on
 * loopback for a bounded time. Reports errors, scrape latency, memory trend (after forced GC when run
 * with --expose-gc) and refresh-duration trend, as JSON on stdout.
 *
 *   npx tsx --expose-gc bench/soak.ts --seconds 600 --clients 8
 */

export interface SoakOptions {
  /** runs this long at most */
  seconds: number;
  /** stops earlier, once this many refreshes have completed (a test counts work, not seconds) */
  refreshes?: number;
  clients: number;
  workOrders: number;
  refreshIntervalSeconds: number;
}

export interface SoakReport {
  seconds: number;
  clients: number;
  scrapes: number;
  errors: number;
  scrapeP50Ms: number;
  scrapeP99Ms: number;
  heapStartMiB: number;
  heapEndMiB: number;
  /** least-squares slope of the heap after warm-up */
  heapSlopeMiBPerMinute: number;
  rssEndMiB: number;
  refreshes: number;
  refreshFirstThirdMeanMs: number;
  refreshLastThirdMeanMs: number;
}

const mib = (bytes: number) => bytes / 2 ** 20;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

function slope(points: [number, number][]): number {
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function soak(options: SoakOptions): Promise<SoakReport> {
  const log = createLogger('silent');
  const config = loadConfig(
    {},
    {
      port: 0,
      listen_address: '127.0.0.1',
      refresh_interval: options.refreshIntervalSeconds,
      // the clients are all on loopback and scrape back to back: lift the per-client limit
      http_requests_per_minute: 10_000_000,
    },
  );
  const demo = await startDemoDatabase(config, log, { workOrders: options.workOrders, tickMs: 1000 });
  try {
    const service = await startService({ config, databaseUrl: demo.readerUrl, log, mode: 'demo' });

    const latencies: number[] = [];
    let errors = 0;
    const deadline = Date.now() + options.seconds * 1000;
    const refreshMs: number[] = [];
    const done = () =>
      Date.now() >= deadline || (options.refreshes !== undefined && refreshMs.length >= options.refreshes);
    const client = async () => {
      while (!done()) {
        const started = performance.now();
        try {
          const response = await fetch(`${service.url}/metrics`);
          const body = await response.text();
          if (!response.ok || !body.includes('crm_exporter_up 1')) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    };
    const heap: [number, number][] = [];
    let lastRefreshAt: Date | undefined;
    const t0 = Date.now();
    const sampler = setInterval(() => {
      (globalThis as { gc?: () => void }).gc?.();
      heap.push([(Date.now() - t0) / 60_000, mib(process.memoryUsage().heapUsed)]);
    }, 1000);
    // every refresh counted: one ends at least a refresh interval after the one before
    const refreshWatch = setInterval(() => {
      const status = service.refresher.status;
      if (
        status.lastSuccess &&
        status.lastSuccess !== lastRefreshAt &&
        status.lastDurationSeconds !== undefined
      ) {
        lastRefreshAt = status.lastSuccess;
        refreshMs.push(status.lastDurationSeconds * 1000);
      }
    }, 100);
    await Promise.all(Array.from({ length: options.clients }, client));
    clearInterval(sampler);
    clearInterval(refreshWatch);
    await service.stop();

    const minutes = (Date.now() - t0) / 60_000;
    const warm = heap.filter(([minute]) => minute >= Math.min(0.25, minutes / 4));
    const third = Math.max(1, Math.floor(refreshMs.length / 3));
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      seconds: minutes * 60,
      clients: options.clients,
      scrapes: latencies.length,
      errors,
      scrapeP50Ms: percentile(sorted, 0.5),
      scrapeP99Ms: percentile(sorted, 0.99),
      heapStartMiB: warm[0]?.[1] ?? 0,
      heapEndMiB: warm.at(-1)?.[1] ?? 0,
      heapSlopeMiBPerMinute: slope(warm),
      rssEndMiB: mib(process.memoryUsage().rss),
      refreshes: refreshMs.length,
      refreshFirstThirdMeanMs: mean(refreshMs.slice(0, third)),
      refreshLastThirdMeanMs: mean(refreshMs.slice(-third)),
    };
  } finally {
    await demo.stop();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '300' },
      refreshes: { type: 'string' },
      clients: { type: 'string', default: '8' },
      'work-orders': { type: 'string', default: '50000' },
      'refresh-interval': { type: 'string', default: '2' },
    },
  });
  soak({
    seconds: Number(values.seconds),
    refreshes: values.refreshes === undefined ? undefined : Number(values.refreshes),
    clients: Number(values.clients),
    workOrders: Number(values['work-orders']),
    refreshIntervalSeconds: Number(values['refresh-interval']),
  })
    .then((report) => {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.exit(report.errors === 0 ? 0 : 1);
    })
    .catch((error: unknown) => {
      process.stderr.write(`soak failed: ${String(error)}\n`);
      process.exit(1);
    });
}
