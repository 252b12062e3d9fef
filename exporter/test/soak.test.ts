import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SoakReport } from '../bench/soak';

/**
 * The short soak of `npm test` (the long one: `npm run soak -w exporter`): continuous scrapes from
 * several clients on loopback while the demo data keeps changing under a 1-second refresh.
 */
describe('soak (short)', () => {
  it('serves every scrape, with flat memory and steady refreshes', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        join(__dirname, '..', 'bench', 'soak.ts'),
        '--seconds',
        '45',
        '--clients',
        '4',
        '--work-orders',
        '20000',
        '--refresh-interval',
        '1',
      ],
      { cwd: join(__dirname, '..'), timeout: 150_000, maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout) as SoakReport;
    process.stdout.write(`soak: ${JSON.stringify(report)}\n`);
    expect(report.errors).toBe(0);
    expect(report.scrapes).toBeGreaterThan(1000);
    expect(report.refreshes).toBeGreaterThan(10);
    expect(report.heapSlopeMiBPerMinute).toBeLessThan(4);
    expect(report.heapEndMiB).toBeLessThan(report.heapStartMiB * 1.5 + 5);
    expect(report.refreshLastThirdMeanMs).toBeLessThan(report.refreshFirstThirdMeanMs * 2 + 250);
  }, 180_000);
});
