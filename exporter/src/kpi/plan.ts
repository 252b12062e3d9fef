import { FULL_CONTRACT, missingOptional, type Available } from '../db/available';
import type { RelationName } from '../db/contract';
import { Distinct } from './distinct';
import { labelKey, type Family, type LabelName, type SourceName, type Term } from './model';
import { columnRanges, latest, type Moment, type Span } from './moments';
import { SOURCES } from './sources';
import type { ColumnRef } from './sql-text';
import {
  INVALID_ROWS_COLUMNS,
  invalidRowsQuery,
  reached,
  sourceQuery,
  type ColumnPair,
  type NamedQuantity,
  type Quantity,
  type Reads,
} from './sql';
import { familyTerms, type MeasureTerms } from './terms';

export type { ColumnPair } from './sql';
export type Row = Record<string, unknown>;

/** What a query counted for one label combination of a part: its member rows, and each term. */
export interface Tally {
  /** a family's rows with these labels whatever t is; an invalid-row check's rows for the reason */
  rows: bigint;
  /** per term of the family, in the order of its `FamilyTerms.terms` (none for invalid rows) */
  terms: bigint[];
}

/** A decoded result row: what settled in the window (to be kept), and what is live now. */
export interface Tallied {
  labels: Record<string, string>;
  settled: Tally;
  live: Tally;
}

/** A KPI family answered by a source query, and the columns its tallies are read from. */
export interface FamilyPart {
  kind: 'family';
  name: string;
  family: Family;
  measures: MeasureTerms[];
  columns: { rows: ColumnPair; terms: ColumnPair[] };
}

/** The rows of a relation that cannot be published, by reason. */
export interface InvalidRowsPart {
  kind: 'invalid_rows';
  name: string;
  relation: RelationName;
}

export type QueryPart = FamilyPart | InvalidRowsPart;

/**
 * One refresh query, compiled: its parts, its SQL in both forms (every row for a full recount, recent
 * rows for an incremental refresh), how a result row decodes into tallies per part, and the columns
 * its incremental form filters on (each wants an index).
 */
export interface QueryPlan {
  /** the `family` label of the refresh self-metrics: the source, or `invalid_<relation>` */
  name: string;
  parts: QueryPart[];
  sql: (schema: string, reads: Reads) => string;
  /** per part name; rows of a statement reading every row carry no live columns: they count as 0 */
  decode: (rows: Row[]) => Map<string, Tallied[]>;
  filteredColumns: ColumnRef[];
}

const LABEL_ORDER: LabelName[] = [
  'region',
  'segment',
  'type',
  'channel',
  'kind',
  'area_class',
  'customer_class',
  'stars',
  'credit_grade',
  'queue',
  'stage',
  'over',
];

/**
 * When a term's count for a row settles: at its moment, but never before the row is a member. A row
 * can be filed after its moment (a planned outage registered two days ahead was late on notice five
 * days before it existed); it must stay live until its own timestamps leave the window.
 */
function settlesAt(term: Term, membership: Moment): Moment {
  return term.since.sql === membership.sql ? membership : latest(term.since, membership);
}

const both = (a: string | undefined, b: string | undefined) => (a && b ? `(${a}) and (${b})` : (a ?? b));

const count = (row: Row, column: string): bigint => (column in row ? BigInt(String(row[column])) : 0n);

const zero = (terms: number): Tally => ({ rows: 0n, terms: Array.from({ length: terms }, () => 0n) });

/** Adds one tally into another. */
export function addInto(sum: Tally, add: Tally): void {
  sum.rows += add.rows;
  add.terms.forEach((n, i) => (sum.terms[i] = (sum.terms[i] ?? 0n) + n));
}

/** A family's tallies from a source query's groups, which are finer than the family's labels. */
function decodeFamily(part: FamilyPart, rows: Row[]): Tallied[] {
  const { columns } = part;
  const tally = (row: Row, form: keyof ColumnPair): Tally => ({
    rows: count(row, columns.rows[form]),
    terms: columns.terms.map((pair) => count(row, pair[form])),
  });
  const byLabels = new Map<string, Tallied>();
  for (const row of rows) {
    const labels = Object.fromEntries(part.family.labels.map((l) => [l, String(row[l])]));
    const key = labelKey(labels);
    let sum = byLabels.get(key);
    if (!sum) {
      const terms = columns.terms.length;
      sum = { labels, settled: zero(terms), live: zero(terms) };
      byLabels.set(key, sum);
    }
    addInto(sum.settled, tally(row, 'settled'));
    addInto(sum.live, tally(row, 'live'));
  }
  return [...byLabels.values()];
}

/** The thresholds of a fanned-out source: every family of it counts its rows at the same ones. */
function sharedFanOut(sourceName: SourceName, families: Family[]): Family['fanOut'] {
  const [first, ...rest] = families.map((family) => family.fanOut);
  if (rest.some((other) => JSON.stringify(other) !== JSON.stringify(first)))
    throw new Error(`the families of source ${sourceName} must share one fan-out`);
  return first;
}

/**
 * Every family of one source counted by one query: one scan of the relation, grouped by the union of
 * the families' labels; decoding sums the groups down to each family's labels. Quantities shared by
 * families (the same condition settling at the same moment) are counted once.
 */
export function sourcePlan(
  sourceName: SourceName,
  families: Family[],
  available: Available = FULL_CONTRACT,
): QueryPlan {
  const source = SOURCES[sourceName];
  const quantities = new Distinct((q: Quantity) => [q.where, q.settles.sql, q.reached, q.sum]);
  const spans: Span[] = [];
  const layouts = families.map((family) => {
    const { membership, terms, measures } = familyTerms(family);
    spans.push(
      { moment: membership, bounded: false },
      ...terms.map((term) => ({ moment: term.since, bounded: true })),
    );
    const memberRows = quantities.indexOf({ where: family.rows, settles: membership });
    const termQuantities = terms.map((term) =>
      quantities.indexOf({
        where: both(family.rows, term.where),
        settles: settlesAt(term, membership),
        reached: reached(term),
        sum: term.sum,
      }),
    );
    return { family, measures, memberRows, termQuantities };
  });
  const named: NamedQuantity[] = quantities.items.map((q, i) => ({
    ...q,
    as: { settled: `settled_${i}`, live: `live_${i}` },
  }));
  const pair = (i: number): ColumnPair => (named[i] as NamedQuantity).as;
  const parts: FamilyPart[] = layouts.map(({ family, measures, memberRows, termQuantities }) => ({
    kind: 'family',
    name: family.name,
    family,
    measures,
    columns: { rows: pair(memberRows), terms: termQuantities.map(pair) },
  }));
  const used = new Set(families.flatMap((f) => f.labels));
  const shape = {
    source,
    labels: LABEL_ORDER.filter((l) => used.has(l)),
    quantities: named,
    familyRows: families.every((f) => f.rows) ? families.map((f) => f.rows as string) : undefined,
    spans,
    available,
    fanOut: sharedFanOut(sourceName, families),
  };
  return {
    name: sourceName,
    parts,
    sql: (schema, reads) => sourceQuery(shape, schema, reads),
    decode: (rows) => new Map(parts.map((part) => [part.name, decodeFamily(part, rows)])),
    filteredColumns: [...columnRanges(spans).values()].map((range) => range.column),
  };
}

/** The invalid-row check of a source's relation: rows filed under its anchor, counted by reason. */
export function invalidRowsPlan(sourceName: SourceName, available: Available = FULL_CONTRACT): QueryPlan {
  const source = SOURCES[sourceName];
  const part: InvalidRowsPart = {
    kind: 'invalid_rows',
    name: `invalid_${source.relation}`,
    relation: source.relation,
  };
  const { reason, settled, live } = INVALID_ROWS_COLUMNS;
  return {
    name: part.name,
    parts: [part],
    sql: (schema, reads) => invalidRowsQuery(source, schema, reads, available),
    decode: (rows) =>
      new Map([
        [
          part.name,
          rows.map((row) => ({
            labels: { reason: String(row[reason]) },
            settled: { rows: count(row, settled), terms: [] },
            live: { rows: count(row, live), terms: [] },
          })),
        ],
      ]),
    filteredColumns: [source.anchor],
  };
}

/**
 * Every refresh query: one per source for its families, then one invalid-row check per relation the
 * CRM has. The families must be those the CRM has the relations and columns for.
 */
export function queryPlans(families: Family[], available: Available = FULL_CONTRACT): QueryPlan[] {
  // a source on a schedule of its own is read by its own query (experience.ts)
  const sources = (Object.keys(SOURCES) as SourceName[]).filter((source) => !SOURCES[source].schedule);
  const own = (source: SourceName) => families.filter((f) => f.source === source);
  return [
    ...sources
      .filter((source) => own(source).length)
      .map((source) => sourcePlan(source, own(source), available)),
    ...sources
      .filter((source, i) => sources.findIndex((s) => SOURCES[s].relation === SOURCES[source].relation) === i)
      .filter((source) => !missingOptional(available, SOURCES[source].relation))
      .map((source) => invalidRowsPlan(source, available)),
  ];
}
