import { FULL_CONTRACT, type Available } from '../db/available';
import type { Family, FanOut, LabelName, Source, Term } from './model';
import { columnRanges, type Moment, type Span } from './moments';
import { SOURCES, labelExpression, sourceChecks, type RowCheck } from './sources';
import {
  ALIASES,
  FAN_OUT_ALIAS,
  PARAM,
  PARAMS_ALIAS,
  REGION_MAP,
  REGION_MAP_ALIAS,
  seconds,
} from './sql-text';

/**
 * SQL generated from the declarations. Every query takes six bindings: the evaluation time t, the
 * watermark w up to which counts settle, the previous watermark w0 (null for a full recount), the
 * latest plausible timestamp (a constant, so it is not recomputed per row), and the region map as two
 * parallel arrays (row region id → label region id), joined as `rm`.
 *
 * Each counted quantity yields two columns: one counts the rows whose moment settled in (w0, w] (all
 * ≤ w when every row is read), to be added to what the exporter keeps; the other counts the live
 * ones, moment after w and reached at t.
 */
export type QueryBindings = [
  t: Date,
  w: Date,
  w0: Date | null,
  horizon: Date,
  regionIds: string[],
  labelRegions: string[],
];

/** Which rows a statement reads: every row, or the rows of moments after w0 (through the indexes). */
export type Reads = 'all' | 'recent';

/**
 * One quantity a source query counts: rows (or a sum over rows) meeting `where`, settled once their
 * `settles` moment is at or before the watermark. `reached` says when a live row counts at t;
 * membership quantities have none: a member row counts whatever t is.
 */
export interface Quantity {
  where?: string;
  settles: Moment;
  reached?: string;
  sum?: string;
}

/** The two output columns of a counted quantity: settled in the window, and live now. */
export interface ColumnPair {
  settled: string;
  live: string;
}

/** A quantity and the names of its output columns. */
export interface NamedQuantity extends Quantity {
  as: ColumnPair;
}

/** What a source query counts: grouped by `labels`, over the rows of any of the families. */
export interface SourceQueryShape {
  source: Source;
  labels: LabelName[];
  quantities: NamedQuantity[];
  /** the families' row predicates, when every family has one */
  familyRows?: string[];
  /** the moments an incremental query must find rows by */
  spans: Span[];
  /** the relations and columns the CRM has: checks of missing optional columns are left out */
  available: Available;
  /** the thresholds each row is counted at, for a fanned-out source */
  fanOut?: FanOut;
}

/** The output columns of an invalid-row check. */
export const INVALID_ROWS_COLUMNS = { reason: 'reason', settled: 'settled', live: 'live' } as const;

/** The thresholds as a relation of (value, lag): the label value is a code, never data. */
function thresholds(fanOut: FanOut): string {
  const rows = fanOut.thresholds.map(([value, lag]) => {
    if (!/^[a-z0-9_+]+$/.test(value)) throw new Error(`invalid threshold label ${JSON.stringify(value)}`);
    return `('${value}', ${seconds(lag)})`;
  });
  return ` cross join (values ${rows.join(', ')}) as ${FAN_OUT_ALIAS}(value, lag)`;
}

/** A contract relation of `schema` under its alias. */
function tableRef(schema: string, relation: keyof typeof ALIASES): string {
  return `"${schema}"."${relation}" ${ALIASES[relation]}`;
}

function fromClause(source: Source, schema: string, fanOut?: FanOut, spans?: Span[]): string {
  const joined = source.joined
    ? ` left join ${tableRef(schema, source.joined.relation)} on ${source.joined.on}`
    : '';
  return (
    `from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) ${PARAMS_ALIAS},` +
    ` ${(spans && recentOfBoth(source, schema, spans)) ?? tableRef(schema, source.relation)}${joined}${fanOut ? thresholds(fanOut) : ''}` +
    ` left join unnest(?::text[], ?::text[]) as ${REGION_MAP_ALIAS}(id, label)` +
    ` on ${REGION_MAP.id} = ${ALIASES[source.labelsFrom]}.region_id`
  );
}

function passes(checks: RowCheck[]): string {
  return checks.map((check) => `(${check.invalidWhen}) is not true`).join('\n  and ');
}

const validRows = (source: Source, available: Available) => passes(sourceChecks(source, available));

/** The moment is settled in the window: at or before w (and after w0 when reading recent rows). */
const settled = (moment: string, reads: Reads, watermarks: { w: string; w0: string } = PARAM) =>
  `${moment} <= ${watermarks.w}${reads === 'recent' ? ` and ${moment} > ${watermarks.w0}` : ''}`;

/** The term holds at t: its moment has come (and its deadline has passed). */
export function reached(term: Term): string {
  return term.before === term.since
    ? `${term.since.sql} < ${PARAM.t}`
    : `${term.since.sql} <= ${PARAM.t}${term.before ? ` and ${term.before.sql} < ${PARAM.t}` : ''}`;
}

function aggregate(quantity: Quantity, condition: string): string {
  const where = quantity.where ? `(${quantity.where}) and ${condition}` : condition;
  return quantity.sum
    ? `coalesce(sum(${quantity.sum}) filter (where ${where}), 0)`
    : `count(*) filter (where ${where})`;
}

/** A timestamp moved back by so many seconds (not at all for 0). */
const minus = (offset: number) => (offset ? ` - ${seconds(offset)}` : '');

/** The index-friendly ranges of the columns `which` keeps, one condition each. */
function rangeConditions(spans: Span[], which: (column: string) => boolean = () => true): string[] {
  return [...columnRanges(spans)]
    .filter(([column]) => which(column))
    .flatMap(([column, range]) =>
      (range.pieces ?? [range]).map((piece) => {
        const after = `${column} > ${PARAM.w0}${minus(-piece.after)}`;
        return piece.upTo === undefined
          ? after
          : `(${after} and ${column} <= ${PARAM.t}${minus(-piece.upTo)})`;
      }),
    );
}

/** Rows an incremental query reads: those with a column in the range its moments can move through. */
function recentRows(spans: Span[]): string {
  return `(${rangeConditions(spans).join('\n    or ')})`;
}

/**
 * When moments also move with a column of the joined relation (a stage's cancellation is its
 * application's), the recent rows as the rows found through each relation's own indexes, one branch
 * per relation: a condition over both could only be checked after joining every row of both.
 */
function recentOfBoth(source: Source, schema: string, spans: Span[]): string | undefined {
  if (!source.joined) return undefined;
  const own = ALIASES[source.relation];
  const other = ALIASES[source.joined.relation];
  const ofJoined = (column: string) => column.startsWith(`${other}.`);
  const joinedRanges = rangeConditions(spans, ofJoined);
  if (joinedRanges.length === 0) return undefined;
  const ownRanges = rangeConditions(spans, (column) => !ofJoined(column));
  const ownRecent = ownRanges.length ? `(${ownRanges.join(' or ')})` : 'false';
  // each row once, duplicates of a view included: the second branch leaves out what the first found
  return (
    `lateral (select ${own}.* from ${tableRef(schema, source.relation)} where ${ownRecent}` +
    ` union all select ${own}.* from ${tableRef(schema, source.relation)} join ${tableRef(schema, source.joined.relation)}` +
    ` on ${source.joined.on} where (${joinedRanges.join(' or ')}) and ${ownRecent} is not true) ${own}`
  );
}

/**
 * One row per combination of the labels with any row in the window: label values, then per quantity
 * its settled column (moment in (w0, w], or ≤ w in a full recount) and, reading recent rows, its live
 * column (moment after w and reached at t). Segment and channel values are checked once per group
 * instead of once per row: they are grouped by (as labels, or as extra columns summed away).
 */
export function sourceQuery(plan: SourceQueryShape, schema: string, reads: Reads): string {
  const source = plan.source;
  const checks = sourceChecks(source, plan.available);
  const valueChecks = checks.filter((check) => check.labelValue);
  const valueColumns = [...new Set(valueChecks.map((check) => check.labelValue?.column as string))];
  const labels = plan.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  const labelColumns = new Set(plan.labels.map((label) => labelExpression(source, label)));
  const values = valueColumns.filter((c) => !labelColumns.has(c)).map((column, i) => `${column} as v${i}`);
  // reading every row is for the settled part only; the few live rows are read as recent ones
  const columns = plan.quantities.flatMap((quantity) => {
    const settledPart = `${aggregate(quantity, settled(quantity.settles.sql, reads))} as ${quantity.as.settled}`;
    if (reads === 'all') return [settledPart];
    const after = `${quantity.settles.sql} > ${PARAM.w}`;
    const live = quantity.reached ? `${after} and ${quantity.reached}` : after;
    return [settledPart, `${aggregate(quantity, live)} as ${quantity.as.live}`];
  });
  const rowsOfAnyFamily = plan.familyRows
    ? [`(${plan.familyRows.map((rows) => `(${rows})`).join(' or ')})`]
    : [];
  const where = [
    passes(checks.filter((check) => !check.labelValue)),
    ...rowsOfAnyFamily,
    ...(reads === 'recent' ? [recentRows(plan.spans)] : []),
  ];
  const valueOk = valueChecks.map((check) => {
    const column = check.labelValue?.column as string;
    return `(${check.labelValue?.invalidWhen(column)}) is not true`;
  });
  return [
    `select ${[...labels, ...values, ...columns].join(',\n  ')}`,
    fromClause(source, schema, plan.fanOut, reads === 'recent' ? plan.spans : undefined),
    `where ${where.join('\n  and ')}`,
    `group by ${[...labels, ...values].map((_, i) => i + 1).join(', ')}`,
    ...(valueOk.length ? [`having ${valueOk.join('\n  and ')}`] : []),
  ].join('\n');
}

/**
 * Rows of a source that cannot be published, counted by the first reason that applies, filed under
 * the source's anchor timestamp (rows without one stay live: they are read on every refresh).
 */
export function invalidRowsQuery(
  source: Source,
  schema: string,
  reads: Reads,
  available: Available = FULL_CONTRACT,
): string {
  const reasons = sourceChecks(source, available)
    .map((check) => `when ${check.invalidWhen} then '${check.reason}'`)
    .join('\n    ');
  const anchor = source.anchor.sql;
  const checked = { w: 'checked.w', w0: 'checked.w0' };
  const { reason, settled: settledAs, live } = INVALID_ROWS_COLUMNS;
  return [
    `select ${reason}, count(*) filter (where ${settled('a', reads, checked)}) as ${settledAs},`,
    `  count(*) filter (where a > ${checked.w} or a is null) as ${live} from (`,
    `  select case\n    ${reasons}\n  end as ${reason}, ${anchor} as a, ${PARAM.w}, ${PARAM.w0}`,
    `  ${fromClause(source, schema)}`,
    reads === 'recent' ? `  where ${anchor} > ${PARAM.w0} or ${anchor} is null` : '',
    `) checked where ${reason} is not null group by ${reason}`,
  ].join('\n');
}

/**
 * The same KPIs the way a generic SQL exporter computes them: every measure at t over every row,
 * one GROUP BY per family on every scrape. Only the benchmark runs it, as the baseline.
 */
export function pointInTimeQuery(
  family: Family,
  schema: string,
  available: Available = FULL_CONTRACT,
): string {
  const source = SOURCES[family.source];
  const labels = family.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  const measures = family.measures.map((m, i) => {
    const at = (term: Term) => aggregate({ ...term, settles: term.since }, reached(term));
    const add = m.add.map(at);
    const subtract = (m.subtract ?? []).map((term) => ` - ${at(term)}`);
    return `${add.join(' + ')}${subtract.join('')} as m${i}`;
  });
  return [
    `select ${[...labels, ...measures].join(',\n  ')}`,
    fromClause(source, schema, family.fanOut),
    `where ${validRows(source, available)}${family.rows ? `\n  and (${family.rows})` : ''}`,
    `group by ${family.labels.map((_, i) => i + 1).join(', ')}`,
  ].join('\n');
}
