import { join } from 'node:path';
import { DECLARATIONS, type Declarations } from '../kpi';
import { labelCatalog, metricCatalog } from './catalog';
import { goldenSql } from './golden-sql';
import { metricsReference } from './reference';

/** The repository root: src/docs and dist/docs sit at the same depth. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Folder (from the repository root) of the golden SQL: every refresh query as the database gets it. */
export const SQL_DIR = 'exporter/sql';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file generated from the exporter's declarations, path from the repository root → content:
 * the metrics reference, the catalogue the other workspaces read (@service-kpi-monitor/catalog) and
 * the golden SQL. `npm run docs -w exporter` writes them, and a test fails while one is stale.
 */
export function generatedFiles(declarations: Declarations = DECLARATIONS): Map<string, string> {
  const files = new Map<string, string>([
    ['docs/metrics-reference.md', metricsReference(declarations)],
    ['catalog/metrics.json', json(metricCatalog(declarations))],
    ['catalog/labels.json', json(labelCatalog(declarations))],
  ]);
  for (const [name, sql] of goldenSql(declarations)) files.set(`${SQL_DIR}/${name}`, sql);
  return files;
}
