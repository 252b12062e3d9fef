import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SoakReport } from '../bench/soak';

/**
 * The short soak of `npm test` (the long one: `npm run soak -w exporter`): continuous scrapes from
 * several clients on loopback while the demo data keeps changing under a 1-second refresh, until 15
 * refreshes have completed: no errors, no growth.
 */
describe('soak (short)', () => {
  it('serves every scrape with flat memory while the data changes under 15 refreshes', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        join(__dirname, '..', 'bench', 'soak.ts'),
        // a count of refreshes, not a time: a busy machine takes longer, and that is not a failure
        '--refreshes',
        '15',
        '--seconds',
        '600',
        '--clients',
        '4',
        '--work-orders',
        '20000',
        '--refresh-interval',
        '1',
      ],
      { cwd: join(__dirname, '..'), timeout: 900_000, maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout) as SoakReport;
    // the timings (scrape latency, refresh time) are for the report, not for a verdict
    process.stdout.write(`soak: ${JSON.stringify(report)}\n`);
    expect(report.errors).toBe(0);
    expect(report.refreshes).toBeGreaterThanOrEqual(15);
    expect(report.scrapes).toBeGreaterThan(0);
    // growth, judged on the heap after forced collections at both ends: over a run of seconds a slope
    // per minute is noise (a 1 MiB swing reads as 4 MiB/min); the long soak reports the slope
    expect(report.heapEndMiB).toBeLessThan(report.heapStartMiB * 1.5 + 5);
  }, 960_000);
});
