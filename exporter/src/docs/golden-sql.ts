import { configSchema } from '../config/schema';
import { kpiFamilies } from '../kpi';
import { sourcePlan } from '../kpi/plan';
import { SOURCES } from '../kpi/sources';
import { invalidRowsQuery, sourceQuery } from '../kpi/sql';

/** Every refresh query's SQL with the default configuration: file name (under exporter/sql) → text. */
export function goldenSql(): Map<string, string> {
  const families = kpiFamilies(configSchema.parse({}));
  const files = new Map<string, string>();
  for (const source of Object.keys(SOURCES) as (keyof typeof SOURCES)[]) {
    const plan = sourcePlan(
      source,
      families.filter((f) => f.source === source),
    );
    files.set(`${source}.full.sql`, sourceQuery(plan, 'crm', 'all') + ';\n');
    files.set(`${source}.incremental.sql`, sourceQuery(plan, 'crm', 'recent') + ';\n');
  }
  for (const source of Object.values(SOURCES)) {
    files.set(`invalid_${source.relation}.full.sql`, invalidRowsQuery(source, 'crm', 'all') + ';\n');
    files.set(
      `invalid_${source.relation}.incremental.sql`,
      invalidRowsQuery(source, 'crm', 'recent') + ';\n',
    );
  }
  return files;
}
