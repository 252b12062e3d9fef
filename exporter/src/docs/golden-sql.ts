import { configSchema } from '../config/schema';
import { DECLARATIONS, type Declarations } from '../kpi';
import { EXPERIENCE_QUERIES, experienceInvalidQuery, experienceQuery } from '../kpi/experience';
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
  const config = configSchema.parse({});
  const scheduled = '-- reads every row, every experience_interval (a schedule of its own)';
  files.set(
    `${EXPERIENCE_QUERIES.families}.sql`,
    `-- ${EXPERIENCE_QUERIES.families}: outage_experience, long_outage_customers\n${scheduled}\n` +
      `-- bindings: t, horizon, region ids, their label regions (generated: npm run docs -w exporter)\n` +
      `${experienceQuery(config, 'crm')};\n`,
  );
  files.set(
    `${EXPERIENCE_QUERIES.invalid}.sql`,
    `-- ${EXPERIENCE_QUERIES.invalid}: rows naming no outage or no customer\n${scheduled}\n` +
      `${experienceInvalidQuery('crm')};\n`,
  );
  return files;
}
