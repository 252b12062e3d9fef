import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface Report {
  files: number;
  modules: string[];
  fileCycles: string[][];
  moduleCycles: string[][];
}

describe('imports of src/ (dpdm: scripts/import-cycles.ts)', () => {
  const root = join(__dirname, '..', '..');
  const report = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/import-cycles.ts'], {
      cwd: root,
      encoding: 'utf8',
    }),
  ) as Report;

  it('form no cycle between files, type-only imports included', () => {
    expect(report.files).toBeGreaterThan(50);
    expect(report.fileCycles).toEqual([]);
  });

  it('form no cycle between the modules (config, db, kpi, refresh, metrics, server, …)', () => {
    expect(report.modules).toEqual(
      expect.arrayContaining(['config', 'db', 'kpi', 'metrics', 'refresh', 'server']),
    );
    expect(report.moduleCycles).toEqual([]);
  });
});
