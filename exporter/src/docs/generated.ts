import { join } from 'node:path';
import { goldenSql } from './golden-sql';
import { metricsReference } from './reference';

/** The repository root: src/docs and dist/docs sit at the same depth. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Folder (from the repository root) of the golden SQL: every refresh query as the database gets it. */
export const SQL_DIR = 'exporter/sql';

/**
 * Every file generated from the exporter's declarations, path from the repository root → content:
 * `npm run docs -w exporter` writes them, and a test fails while one is stale.
 */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>([['docs/metrics-reference.md', metricsReference()]]);
  for (const [name, sql] of goldenSql()) files.set(`${SQL_DIR}/${name}`, sql);
  return files;
}
