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

const termKey = (term: Term) => JSON.stringify([term.where, term.since.sql, term.before?.sql, term.sum]);

export function familyTerms(family: Family): FamilyTerms {
  const terms: Term[] = [];
  const index = new Map<string, number>();
  const indexOf = (term: Term) => {
    const key = termKey(term);
    let i = index.get(key);
    if (i === undefined) {
      i = terms.push(term) - 1;
      index.set(key, i);
    }
    return i;
  };
  const measures = family.measures.map((m) => ({
    add: m.add.map(indexOf),
    subtract: (m.subtract ?? []).map(indexOf),
    scale: m.scale ?? 1,
  }));
  const membership = family.memberSince ?? at(SOURCES[family.source].anchor);
  return { membership, terms, measures };
}
