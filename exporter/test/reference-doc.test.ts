import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SQL_DIR, generatedFiles } from '../src/docs/generated';
import { metricCatalog } from '../src/docs/catalog';

describe('generated files (regenerate: npm run docs -w exporter)', () => {
  const files = generatedFiles();

  it.each([...files.keys()])('%s is up to date with the declarations', (path) => {
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(files.get(path));
  });

  it('keeps no golden SQL of a query that no longer exists', () => {
    const stale = readdirSync(join(REPO_ROOT, SQL_DIR)).filter((name) => !files.has(`${SQL_DIR}/${name}`));
    expect(stale).toEqual([]);
  });

  it('lists every metric of the catalog with its type and labels in the reference', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/metrics-reference.md'), 'utf8');
    for (const m of metricCatalog()) {
      expect(doc).toContain(`| \`${m.name}\` | ${m.type} |`);
    }
  });
});
