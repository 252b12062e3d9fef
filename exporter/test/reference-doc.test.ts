import { readFileSync } from 'node:fs';
import { metricsReference } from '../src/docs/reference';
import { REFERENCE_PATH } from '../src/docs/write-reference';
import { metricCatalog } from '../src/kpi/catalog';

describe('metrics reference', () => {
  it('is up to date with the declarations (regenerate: npm run docs -w exporter)', () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(metricsReference());
  });

  it('lists every metric of the catalog with its type and labels', () => {
    const doc = readFileSync(REFERENCE_PATH, 'utf8');
    for (const m of metricCatalog()) {
      expect(doc).toContain(`| \`${m.name}\` | ${m.type} |`);
    }
  });
});
