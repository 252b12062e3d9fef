import type { Family, LabelName, SourceName, Term } from './model';
import { latest, type Moment, type Span } from './moments';
import { familyTerms } from './terms';

/**
 * One quantity a source query counts: rows (or a sum over rows) meeting `where`, settled once their
 * `settles` moment is at or before the watermark. `reached` says when a live row counts at t;
 * membership columns have none: a member row counts whatever t is.
 */
export interface Column {
  where?: string;
  settles: Moment;
  reached?: string;
  sum?: string;
}

/** Where each of a family's columns (membership, then its terms) sits among the query's columns. */
export interface FamilyLayout {
  family: Family;
  columns: number[];
}

/**
 * Every family of one source counted by one query: one scan of the relation, grouped by the union of
 * the families' labels; the exporter sums the groups down to each family's labels.
 */
export interface SourcePlan {
  source: SourceName;
  labels: LabelName[];
  columns: Column[];
  families: FamilyLayout[];
  /** the moments an incremental query must find rows by */
  spans: Span[];
}

const LABEL_ORDER: LabelName[] = [
  'region',
  'segment',
  'type',
  'channel',
  'kind',
  'area_class',
  'customer_class',
];

/** The term holds at t: its moment has come (and its deadline has passed). */
export function reached(term: Term): string {
  return term.before === term.since
    ? `${term.since.sql} < p.t`
    : `${term.since.sql} <= p.t${term.before ? ` and ${term.before.sql} < p.t` : ''}`;
}

/**
 * When a term's count for a row settles: at its moment, but never before the row is a member. A row
 * can be filed after its moment (a planned outage registered two days ahead was late on notice five
 * days before it existed); it must stay live until its own timestamps leave the window.
 */
function settlesAt(term: Term, membership: Moment): Moment {
  return term.since.sql === membership.sql ? membership : latest(term.since, membership);
}

const both = (a: string | undefined, b: string | undefined) => (a && b ? `(${a}) and (${b})` : (a ?? b));

export function sourcePlan(source: SourceName, families: Family[]): SourcePlan {
  const columns: Column[] = [];
  const index = new Map<string, number>();
  const columnOf = (column: Column) => {
    const key = JSON.stringify([column.where, column.settles.sql, column.reached, column.sum]);
    let i = index.get(key);
    if (i === undefined) {
      i = columns.push(column) - 1;
      index.set(key, i);
    }
    return i;
  };
  const spans: Span[] = [];
  const layouts = families.map((family) => {
    const { membership, terms } = familyTerms(family);
    spans.push(
      { moment: membership, bounded: false },
      ...terms.map((term) => ({ moment: term.since, bounded: true })),
    );
    return {
      family,
      columns: [
        columnOf({ where: family.rows, settles: membership }),
        ...terms.map((term) =>
          columnOf({
            where: both(family.rows, term.where),
            settles: settlesAt(term, membership),
            reached: reached(term),
            sum: term.sum,
          }),
        ),
      ],
    };
  });
  const used = new Set(families.flatMap((f) => f.labels));
  return { source, labels: LABEL_ORDER.filter((l) => used.has(l)), columns, families: layouts, spans };
}
