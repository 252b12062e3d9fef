import type { Knex } from 'knex';
import type { RelationName } from '../db/contract';
import type { ColumnRef } from '../kpi/sql-text';

/** A relation of the CRM schema as the catalogue shows it: its kind and its btree indexes' first columns. */
export interface IndexedRelation {
  relation: string;
  /** pg_class.relkind: r table, p partitioned table, m materialized view, v view, f foreign table */
  kind: string;
  first_columns: string[];
}

export interface MissingIndex {
  relation: RelationName;
  column: string;
  /** what the DBA runs */
  statement: string;
}

export interface IndexAdvice {
  missing: MissingIndex[];
  /** relations whose indexes the exporter cannot see (views, foreign tables), and their filtered columns */
  opaque: { relation: RelationName; kind: string; columns: string[] }[];
}

const OPAQUE_KINDS: Record<string, string> = { v: 'a view', f: 'a foreign table' };

/** Each relation's kind and the first column of each valid btree index on it. */
const INDEXED_RELATIONS = `
  select c.relname as relation, c.relkind::text as kind,
         coalesce(array_agg(a.attname::text) filter (where a.attname is not null), '{}') as first_columns
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_index i on i.indrelid = c.oid and i.indisvalid
  left join pg_class ic on ic.oid = i.indexrelid
  left join pg_am am on am.oid = ic.relam and am.amname = 'btree'
  left join pg_attribute a on am.oid is not null and a.attrelid = c.oid and a.attnum = i.indkey[0]
  where n.nspname = ? and c.relname = any(?::text[])
  group by c.relname, c.relkind`;

/**
 * Which of the columns the incremental queries filter on have no btree index leading with them: an
 * incremental refresh then scans the whole table. A view hides its base tables: say so instead.
 */
export function adviseIndexes(
  filtered: ColumnRef[],
  relations: IndexedRelation[],
  schema: string,
): IndexAdvice {
  const advice: IndexAdvice = { missing: [], opaque: [] };
  const byRelation = new Map<RelationName, Set<string>>();
  for (const { relation, name } of filtered)
    byRelation.set(relation, (byRelation.get(relation) ?? new Set()).add(name));
  for (const [relation, columns] of byRelation) {
    const found = relations.find((r) => r.relation === relation);
    if (!found) continue; // a missing relation fails its query, which says so
    const opaque = OPAQUE_KINDS[found.kind];
    if (opaque) {
      advice.opaque.push({ relation, kind: opaque, columns: [...columns].sort() });
      continue;
    }
    for (const column of [...columns].sort()) {
      if (found.first_columns.includes(column)) continue;
      const statement = `create index concurrently ${relation}_${column}_idx on "${schema}"."${relation}" (${column});`;
      advice.missing.push({ relation, column, statement });
    }
  }
  return advice;
}

/** The advice in sentences, for the landing page and the log. */
export function describeAdvice(advice: IndexAdvice, schema: string): string[] {
  return [
    ...advice.missing.map(
      (m) =>
        `no index on ${schema}.${m.relation}.${m.column}: incremental refreshes scan the table; run: ${m.statement}`,
    ),
    ...advice.opaque.map(
      (o) =>
        `${schema}.${o.relation} is ${o.kind}: the exporter cannot see the indexes behind it; ` +
        `index the columns it reads as ${o.columns.join(', ')} in the tables it is made of`,
    ),
  ];
}

export async function checkIndexes(db: Knex, schema: string, filtered: ColumnRef[]): Promise<IndexAdvice> {
  const relations = [...new Set(filtered.map((c) => c.relation))];
  const { rows } = await db.raw<{ rows: IndexedRelation[] }>(INDEXED_RELATIONS, [schema, relations]);
  return adviseIndexes(filtered, rows, schema);
}
