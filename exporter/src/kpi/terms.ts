import { Distinct } from './distinct';
import type { Family, Term } from './model';
import { at, type Moment } from './moments';
import { SOURCES } from './sources';

/** How a measure is made of its family's distinct terms: indexes into `terms`, added or subtracted. */
export interface MeasureTerms {
  add: number[];
  subtract: number[];
  scale: number;
}

/**
 * A family's distinct terms (measures share many: `accepted` feeds both the counter and the open
 * gauge), each computed once per query, and the membership moment that decides from when a row
 * makes its label combination exist.
 */
export interface FamilyTerms {
  membership: Moment;
  terms: Term[];
  measures: MeasureTerms[];
}

export function familyTerms(family: Family): FamilyTerms {
  const terms = new Distinct((term: Term) => [term.where, term.since.sql, term.before?.sql, term.sum]);
  const measures = family.measures.map((m) => ({
    add: m.add.map((term) => terms.indexOf(term)),
    subtract: (m.subtract ?? []).map((term) => terms.indexOf(term)),
    scale: m.scale ?? 1,
  }));
  const membership = family.memberSince ?? at(SOURCES[family.source].anchor);
  return { membership, terms: terms.items, measures };
}
