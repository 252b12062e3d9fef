import { configSchema } from '../config/schema';
import { DECLARATIONS, type Declarations } from '../kpi';
import { queryPlans } from '../kpi/plan';

const HEADER = {
  all: 'every row: a full recount (its settled part; the live part is read as recent rows)',
  recent: 'the rows of moments after the previous watermark w0: an incremental refresh',
} as const;

/**
 * Every refresh query's SQL with the default configuration, in both forms: file name (under
 * exporter/sql) → text, so that a change to a KPI's SQL is reviewed as text.
 */
export function goldenSql(declarations: Declarations = DECLARATIONS): Map<string, string> {
  const files = new Map<string, string>();
  for (const plan of queryPlans(declarations.families(configSchema.parse({})))) {
    for (const [reads, form] of [
      ['all', 'full'],
      ['recent', 'incremental'],
    ] as const) {
      const header = [
        `-- ${plan.name}: ${plan.parts.map((p) => p.name).join(', ')}`,
        `-- reads ${HEADER[reads]}`,
        '-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)',
      ];
      files.set(`${plan.name}.${form}.sql`, `${header.join('\n')}\n${plan.sql('crm', reads)};\n`);
    }
  }
  return files;
}
