import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@service-kpi-monitor/embedded-postgres';
import { createTestDatabase, type TestDatabase } from './support/db';
import { MAIN, runExporter } from './support/process';

/**
 * The service is what a utility deploys: the demo (its generator, seed CLI, embedded PostgreSQL and the
 * packages only they need) lives in the demo workspace, which depends on the exporter, never the reverse.
 */
const REPO = join(__dirname, '..', '..');
const DEMO_ONLY =
  /@service-kpi-monitor\/(demo|embedded-postgres)|@embedded-postgres\/|pg-copy-streams|cli-progress/;

/** Installed paths of a workspace's production dependency tree, relative to the repository. */
function productionTree(workspace: string): string[] {
  const out = execFileSync(
    'npm',
    ['ls', '--omit=dev', '--all', '--parseable', '--workspace', `@service-kpi-monitor/${workspace}`],
    { cwd: REPO, encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((path) => path.slice(REPO.length + 1));
}

describe('the service without the demo', () => {
  it("has no demo package in the exporter's production dependency tree (the demo's tree has them)", () => {
    const exporter = productionTree('exporter');
    expect(exporter).toEqual(expect.arrayContaining(['node_modules/express', 'node_modules/pg']));
    expect(exporter.filter((path) => DEMO_ONLY.test(path))).toEqual([]);
    // the check sees them where they are: in the demo's tree
    expect(productionTree('demo').filter((path) => DEMO_ONLY.test(path)).length).toBeGreaterThanOrEqual(4);
  });

  it('declares as its dependencies no command-line or demo package', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
    expect(declared).toContain('prom-client');
    expect(declared.filter((name) => DEMO_ONLY.test(name) || name === 'commander')).toEqual([]);
  });

  describe('dist/main.js running', () => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await createTestDatabase();
      dir = mkdtempSync(join(tmpdir(), 'skm-loaded-'));
    });
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads no demo module while it serves the CRM and stops', async () => {
      // preloaded: at exit, every file the process required
      const hook = join(dir, 'record-loaded.js');
      const loaded = join(dir, 'loaded.json');
      writeFileSync(
        hook,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`,
      );
      const port = await freePort();
      const run = runExporter(
        { DATABASE_URL: db.readerUrl, PORT: String(port), LISTEN_ADDRESS: '127.0.0.1' },
        { file: process.execPath, args: ['--require', hook, MAIN] },
      );
      await run.waitFor(/metrics at http:/);
      // ready: a refresh has read the CRM, so the database driver is loaded too
      let ready = false;
      for (let tries = 0; !ready && tries < 600; tries++) {
        if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
        ready = (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
      }
      expect(ready).toBe(true);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const files = (JSON.parse(readFileSync(loaded, 'utf8')) as string[]).map((f) => f.slice(REPO.length));
      expect(files).toEqual(
        expect.arrayContaining(['/exporter/dist/main.js', '/node_modules/pg/lib/index.js']),
      );
      expect(files.filter((f) => DEMO_ONLY.test(f) || /\/demo\/|commander/.test(f))).toEqual([]);
    });
  });
});
