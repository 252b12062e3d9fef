import { FULL_CONTRACT, missingOptional, type Available } from '../db/available';
import type { RelationName } from '../db/contract';
import { Distinct } from './distinct';
import { labelKey, type Family, type LabelName, type SourceName, type Term } from './model';
import { columnRanges, latest, type Moment, type Span } from './moments';
import { SOURCES } from './sources';
import { FAN_OUT, seconds, type ColumnRef } from './sql-text';
import {
  CHECK_COLUMNS,
  firstFailingCheckQuery,
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

/** The columns a family's tallies are read from, for the labels the query does not group by. */
export interface ColumnSet {
  /** labels fixed for these columns: a fanned-out family's `over` threshold */
  fixed: Record<string, string>;
  rows: ColumnPair;
  terms: ColumnPair[];
}

/** A KPI family answered by a source query, and the columns its tallies are read from. */
export interface FamilyPart {
  kind: 'family';
  name: string;
  family: Family;
  measures: MeasureTerms[];
  /** one set, or one per threshold of a fanned-out family */
  columns: ColumnSet[];
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
  /**
   * a statement to run after the query's own, once per window, when their rows say it is needed:
   * the second pass of the row checks, when some rows fail a check of single rows
   */
  followUp?: { needed: (rows: Row[]) => boolean; sql: (schema: string, reads: Reads) => string };
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
  const byLabels = new Map<string, Tallied>();
  for (const row of rows) {
    for (const columns of part.columns) {
      const tally = (form: keyof ColumnPair): Tally => ({
        rows: count(row, columns.rows[form]),
        terms: columns.terms.map((pair) => count(row, pair[form])),
      });
      const labels = Object.fromEntries(
        part.family.labels.map((l) => [l, columns.fixed[l] ?? String(row[l])]),
      );
      const key = labelKey(labels);
      let sum = byLabels.get(key);
      if (!sum) {
        const terms = columns.terms.length;
        sum = { labels, settled: zero(terms), live: zero(terms) };
        byLabels.set(key, sum);
      }
      addInto(sum.settled, tally('settled'));
      addInto(sum.live, tally('live'));
    }
  }
  return [...byLabels.values()];
}

/** The label a fanned-out family reads its threshold into. */
const THRESHOLD_LABEL: LabelName = 'over';

/**
 * A family as counted at each threshold of its fan-out: the lag a constant in its SQL, the threshold
 * a fixed label. One set of aggregates per threshold reads each row once; joining the thresholds to
 * the rows instead made the database aggregate every row once per threshold.
 */
function atEachThreshold(family: Family): { family: Family; fixed: Record<string, string> }[] {
  if (!family.fanOut) return [{ family, fixed: {} }];
  return family.fanOut.thresholds.map(([value, lag]) => {
    const sql = (text: string) => text.split(FAN_OUT.lag).join(seconds(lag));
    const moment = (m: Moment): Moment => ({ ...m, sql: sql(m.sql) });
    const term = (t: Term): Term => ({
      ...t,
      ...(t.where === undefined ? {} : { where: sql(t.where) }),
      since: moment(t.since),
      ...(t.before ? { before: moment(t.before) } : {}),
      ...(t.sum === undefined ? {} : { sum: sql(t.sum) }),
    });
    const measures = family.measures.map((m) => ({
      ...m,
      add: m.add.map(term),
      ...(m.subtract ? { subtract: m.subtract.map(term) } : {}),
    }));
    return { family: { ...family, measures }, fixed: { [THRESHOLD_LABEL]: value } };
  });
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
  checksRows = false,
): QueryPlan {
  const source = SOURCES[sourceName];
  const quantities = new Distinct((q: Quantity) => [q.where, q.settles.sql, q.reached, q.sum]);
  const spans: Span[] = [];
  const fixedLabels = new Set<string>();
  const layouts = families.map((original) => {
    const sets = atEachThreshold(original).map(({ family, fixed }) => {
      Object.keys(fixed).forEach((label) => fixedLabels.add(label));
      const { membership, terms } = familyTerms(family);
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
      return { fixed, memberRows, termQuantities };
    });
    return { family: original, measures: familyTerms(original).measures, sets };
  });
  const named: NamedQuantity[] = quantities.items.map((q, i) => ({
    ...q,
    as: { settled: `settled_${i}`, live: `live_${i}` },
  }));
  const pair = (i: number): ColumnPair => (named[i] as NamedQuantity).as;
  const parts: FamilyPart[] = layouts.map(({ family, measures, sets }) => ({
    kind: 'family',
    name: family.name,
    family,
    measures,
    columns: sets.map(({ fixed, memberRows, termQuantities }) => ({
      fixed,
      rows: pair(memberRows),
      terms: termQuantities.map(pair),
    })),
  }));
  const used = new Set(families.flatMap((f) => f.labels));
  const familyRows =
    families.length && families.every((f) => f.rows) ? families.map((f) => f.rows as string) : undefined;
  // a row outside every family's rows is not read, so it could not be checked
  if (checksRows && familyRows) throw new Error(`source ${sourceName} cannot check its relation's rows`);
  const shape = {
    source,
    labels: LABEL_ORDER.filter((l) => used.has(l) && !fixedLabels.has(l)),
    quantities: named,
    familyRows,
    spans,
    available,
    checksRows,
  };
  const check: InvalidRowsPart = {
    kind: 'invalid_rows',
    name: `invalid_${source.relation}`,
    relation: source.relation,
  };
  return {
    name: families.length ? sourceName : check.name,
    parts: [...parts, ...(checksRows ? [check] : [])],
    sql: (schema, reads) => sourceQuery(shape, schema, reads),
    ...(checksRows
      ? {
          followUp: {
            needed: (rows: Row[]) => rows.some((row) => row[CHECK_COLUMNS.rowsPass] === false),
            sql: (schema: string, reads: Reads) => firstFailingCheckQuery(source, schema, reads, available),
          },
        }
      : {}),
    decode: (rows) => {
      const counted = rows.filter((row) => row[CHECK_COLUMNS.rowsPass] !== false);
      const valid = counted.filter((row) => row[CHECK_COLUMNS.reason] == null);
      const decoded = new Map(parts.map((part) => [part.name, decodeFamily(part, valid)]));
      if (checksRows) decoded.set(check.name, decodeInvalid(counted));
      return decoded;
    },
    filteredColumns: [
      ...new Map(
        [
          ...[...columnRanges(spans).values()].map((range) => range.column),
          ...(checksRows ? [source.anchor] : []),
        ].map((column) => [column.sql, column]),
      ).values(),
    ],
  };
}

/** Invalid rows by reason: groups whose label values fail, and the second pass's rows. */
function decodeInvalid(rows: Row[]): Tallied[] {
  const { reason, settled, live } = CHECK_COLUMNS;
  const byReason = new Map<string, Tallied>();
  for (const row of rows) {
    if (row[reason] == null) continue;
    const labels = { reason: String(row[reason]) };
    const sum = byReason.get(labels.reason) ?? { labels, settled: zero(0), live: zero(0) };
    sum.settled.rows += count(row, settled);
    sum.live.rows += count(row, live);
    byReason.set(labels.reason, sum);
  }
  return [...byReason.values()];
}

/**
 * Every refresh query: one per source for its families, then one invalid-row check per relation the
 * CRM has. The families must be those the CRM has the relations and columns for.
 */
export function queryPlans(families: Family[], available: Available = FULL_CONTRACT): QueryPlan[] {
  // a source on a schedule of its own is read by its own query (experience.ts)
  const sources = (Object.keys(SOURCES) as SourceName[]).filter((source) => !SOURCES[source].schedule);
  const own = (source: SourceName) => families.filter((f) => f.source === source);
  // a relation's rows are checked by its first source, in the same pass as its families if it can
  const checking = sources
    .filter((source, i) => sources.findIndex((s) => SOURCES[s].relation === SOURCES[source].relation) === i)
    .filter((source) => !missingOptional(available, SOURCES[source].relation));
  const checksInPass = (source: SourceName) =>
    checking.includes(source) && own(source).some((family) => !family.rows);
  return [
    ...sources
      .filter((source) => own(source).length)
      .map((source) => sourcePlan(source, own(source), available, checksInPass(source))),
    ...checking
      .filter((source) => !checksInPass(source))
      .map((source) => sourcePlan(source, [], available, true)),
  ];
}
