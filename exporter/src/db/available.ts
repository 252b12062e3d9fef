/**
 * Which parts of the contract a CRM schema holds: the optional v2 relations and columns may be
 * missing. Read from the catalogue, so views count as well as tables.
 */
import type { Knex } from 'knex';
import { CONTRACT, RELATIONS, columnsOf, isOptionalRelation, type RelationName } from './contract';

/** Per relation the schema holds: the names of its columns. */
export type Available = ReadonlyMap<string, ReadonlySet<string>>;

/** Every relation and column of the contract: what the docs and golden SQL are generated for. */
export const FULL_CONTRACT: Available = new Map(
  RELATIONS.map((relation) => [relation, new Set(columnsOf(relation).map(([name]) => name))]),
);

/** A stable text of what is available, to notice a change. */
export const availableKey = (available: Available): string =>
  JSON.stringify([...available].map(([relation, columns]) => [relation, [...columns].sort()]).sort());

/** The optional part `relation` or `relation.column` if the schema lacks it; required parts never. */
export function missingOptional(
  available: Available,
  relation: RelationName,
  column?: string,
): string | undefined {
  const columns = available.get(relation);
  if (!columns) return isOptionalRelation(relation) ? relation : undefined;
  if (column === undefined) return undefined;
  const declared = (CONTRACT[relation] as Record<string, { optional?: boolean }>)[column];
  return declared?.optional && !columns.has(column) ? `${relation}.${column}` : undefined;
}

/** Whether a column may be queried: a required one always (if missing, its query fails and says so). */
export const hasColumn = (available: Available, relation: RelationName, column: string): boolean =>
  missingOptional(available, relation, column) === undefined;

/** The optional relations and columns the schema lacks, as `relation` or `relation.column`. */
export function missingOptionalParts(available: Available): string[] {
  return RELATIONS.flatMap((relation) => {
    const relationMissing = missingOptional(available, relation);
    if (relationMissing) return [relationMissing];
    return columnsOf(relation)
      .map(([column]) => missingOptional(available, relation, column))
      .filter((part): part is string => part !== undefined);
  });
}

/** Tables, views, materialized views, foreign and partitioned tables: whatever a SELECT can read. */
const CONTRACT_COLUMNS = `
  select c.relname as relation, a.attname as column
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  where n.nspname = ? and c.relname = any(?) and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

/** The contract relations and columns the schema holds. */
export async function readAvailable(db: Knex, schema: string): Promise<Available> {
  const { rows } = await db.raw<{ rows: { relation: string; column: string }[] }>(CONTRACT_COLUMNS, [
    schema,
    RELATIONS,
  ]);
  const available = new Map<string, Set<string>>();
  for (const { relation, column } of rows) {
    const columns = available.get(relation) ?? new Set<string>();
    columns.add(column);
    available.set(relation, columns);
  }
  return available;
}
