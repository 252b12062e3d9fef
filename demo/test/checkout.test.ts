import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@service-kpi-monitor/embedded-postgres';
import { runExporter } from '../../exporter/test/support/process';

const REPO = join(__dirname, '..', '..');

/** The repository's files as a fresh clone has them (tracked and new, not ignored), copied to `to`. */
function checkOut(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(REPO, file), join(to, file), { verbatimSymlinks: true, force: true });
  }
}

describe('npm ci && npm start in a checkout only its owner can enter (0700)', () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'skm-checkout-'));
    chmodSync(parent, 0o700); // as root: the embedded server's user cannot enter it
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('starts the demo, serves the KPIs and stops on Ctrl-C', async () => {
    const checkout = join(parent, 'service-kpi-monitor');
    checkOut(checkout);
    // from npm's cache (what `npm ci` downloaded for this checkout), only what `npm start` needs
    execFileSync(
      'npm',
      [
        'ci',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--workspace',
        'demo',
        '--include-workspace-root',
      ],
      { cwd: checkout, stdio: 'pipe' },
    );
    const port = await freePort();
    const run = runExporter(
      { PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', DEMO_WORK_ORDERS: '1000' },
      { file: 'npm', args: ['start'], cwd: checkout },
    );
    try {
      await run.waitFor(/metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/, 300_000);
      let body = '';
      for (let tries = 0; !/^crm_exporter_up 1$/m.test(body) && tries < 600; tries++) {
        if (tries) await new Promise((resolve) => setTimeout(resolve, 200));
        body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      }
      expect(body).toMatch(/^crm_exporter_up 1$/m);
      expect(body).toMatch(/^crm_work_orders_accepted_total\{region="ah\.[a-z.]+",.*\} [1-9]/m);
    } finally {
      if (run.child.pid) process.kill(-run.child.pid, 'SIGINT');
      await run.exited;
    }
    expect(run.output()).toContain('"msg":"stopped"');
    expect(run.output()).not.toMatch(/EACCES|Unhandled|Emitted 'error'/);
  }, 600_000);
});
