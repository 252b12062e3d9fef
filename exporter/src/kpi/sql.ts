import type { Family, Source } from './model';
import { REGION_MAP_ALIAS, SOURCES, labelExpression, sourceChecks } from './sources';

/**
 * SQL generated from the declarations. Every query takes three bindings: the evaluation time t and the
 * region map as two parallel arrays (row region id → label region id), joined as `rm`.
 */
export type QueryBindings = [t: Date, regionIds: string[], labelRegions: string[]];

function fromClause(source: Source, schema: string): string {
  const table = (relation: string) => `"${schema}"."${relation}"`;
  const joined = source.joined
    ? ` left join ${table(source.joined.relation)} ${source.joined.alias} on ${source.joined.on}`
    : '';
  return (
    `from (select ?::timestamptz as t) p, ${table(source.relation)} ${source.alias}${joined}` +
    ` left join unnest(?::text[], ?::text[]) as ${REGION_MAP_ALIAS}(id, label)` +
    ` on ${REGION_MAP_ALIAS}.id = ${source.labelAlias}.region_id`
  );
}

function validRows(source: Source): string {
  return sourceChecks(source)
    .map((check) => `(${check.invalidWhen}) is not true`)
    .join('\n  and ');
}

/** One row per label combination with any row: label values, `rows`, then one column per measure. */
export function familyQuery(family: Family, schema: string): string {
  const source = SOURCES[family.source];
  const labels = family.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  const measures = family.measures.map((m, i) => `${m.sql} as m${i}`);
  const groupBy = family.labels.map((_, i) => i + 1).join(', ');
  return [
    `select ${[...labels, 'count(*) as rows', ...measures].join(',\n  ')}`,
    fromClause(source, schema),
    `where ${validRows(source)}${family.rows ? `\n  and (${family.rows})` : ''}`,
    `group by ${groupBy}`,
  ].join('\n');
}

/** Rows of a source that cannot be published, counted by the first reason that applies. */
export function invalidRowsQuery(source: Source, schema: string): string {
  const reasons = sourceChecks(source)
    .map((check) => `when ${check.invalidWhen} then '${check.reason}'`)
    .join('\n    ');
  return [
    `select reason, count(*) as rows from (`,
    `  select case\n    ${reasons}\n  end as reason`,
    `  ${fromClause(source, schema)}`,
    `) checked where reason is not null group by reason`,
  ].join('\n');
}
