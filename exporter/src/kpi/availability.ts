/**
 * Queries are built only from families whose relations and columns exist: a family that needs a
 * missing optional v2 part is off, and says why.
 */
import { RELATIONS, columnsOf, type RelationName } from '../db/contract';
import { missingOptional, type Available } from '../db/available';
import type { Family } from './model';
import { SOURCES, labelExpression } from './sources';
import { ALIASES } from './sql-text';

/** Every SQL fragment of a family: where its relations' columns are named. */
function familySql(family: Family): string[] {
  const terms = family.measures.flatMap((m) => [...m.add, ...(m.subtract ?? [])]);
  return [
    ...family.labels.map((label) => labelExpression(SOURCES[family.source], label)),
    family.rows ?? '',
    family.memberSince?.sql ?? '',
    ...terms.flatMap((t) => [t.where ?? '', t.since.sql, t.before?.sql ?? '', t.sum ?? '']),
  ];
}

/**
 * The contract relations and columns a family reads: its source's relations, and every
 * `alias.column` its SQL names (derived from the text, so no declaration can forget one).
 */
export function familyParts(family: Family): { relation: RelationName; column?: string }[] {
  const source = SOURCES[family.source];
  const relations = [source.relation, ...(source.joined ? [source.joined.relation] : [])];
  const text = familySql(family).join('\n');
  const columns = RELATIONS.flatMap((relation) =>
    columnsOf(relation)
      .map(([column]) => column)
      .filter((column) => new RegExp(`\\b${ALIASES[relation]}\\.${column}\\b`).test(text))
      .map((column) => ({ relation, column })),
  );
  return [...relations.map((relation) => ({ relation })), ...columns];
}

/** A family that cannot run on this CRM, and the optional parts it lacks. */
export interface FamilyOff {
  family: string;
  missing: string[];
}

/** The families whose relations and columns exist, and those that are off with what they lack. */
export function familiesAvailable(
  families: Family[],
  available: Available,
): { enabled: Family[]; off: FamilyOff[] } {
  const enabled: Family[] = [];
  const off: FamilyOff[] = [];
  for (const family of families) {
    const missing = familyParts(family)
      .map(({ relation, column }) => missingOptional(available, relation, column))
      .filter((part): part is string => part !== undefined);
    if (missing.length) off.push({ family: family.name, missing: [...new Set(missing)] });
    else enabled.push(family);
  }
  return { enabled, off };
}
