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
  /** the query also checks every row of its relation (it reads them all, valid or not) */
  checksRows: boolean;
}

/**
 * The output columns of the row checks: whether a group's rows pass the checks of single rows, why
 * they are invalid (a label value, or the first failing check found by the second pass), and the
 * rows counted by the source's anchor, settled in the window and live.
 */
export const CHECK_COLUMNS = {
  rowsPass: 'rows_pass',
  reason: 'reason',
  settled: 'checked_settled',
  live: 'checked_live',
} as const;

/** The thresholds as a relation of (value, lag), for the naive query: the label value is a code, never data. */
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

/** What a query reads: every row, or the recent rows of its spans (and of its own other conditions). */
interface Reading {
  spans: Span[];
  /** rows of the source relation to read besides those of the spans */
  also?: string;
}

/** The FROM clause of a source: its relation (or its recent rows), the joined one, the region map. */
function fromClause(
  source: Source,
  schema: string,
  { fanOut, recent }: { fanOut?: FanOut; recent?: Reading } = {},
): string {
  const joined = source.joined
    ? ` left join ${tableRef(schema, source.joined.relation)} on ${source.joined.on}`
    : '';
  return (
    `from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) ${PARAMS_ALIAS},` +
    ` ${(recent && recentOfBoth(source, schema, recent)) ?? tableRef(schema, source.relation)}${joined}${fanOut ? thresholds(fanOut) : ''}` +
    ` left join unnest(?::text[], ?::text[]) as ${REGION_MAP_ALIAS}(id, label)` +
    ` on ${REGION_MAP.id} = ${ALIASES[source.labelsFrom]}.region_id`
  );
}

function passes(checks: RowCheck[]): string {
  return checks.map((check) => `(${check.invalidWhen}) is not true`).join('\n  and ');
}

/** The checks of single rows pass (the label-value checks are left to the groups). */
const rowChecksPass = (checks: RowCheck[]) => passes(checks.filter((check) => !check.labelValue));

/**
 * The label-value checks of `checks`, each on the grouped query's column that holds its value
 * (`valueOf`): as conditions that pass, or as `when … then 'reason'` branches in the checks' order.
 */
export function labelValueChecks(checks: RowCheck[], valueOf: (column: string) => string) {
  const on = checks.flatMap(({ labelValue, reason }) =>
    labelValue ? [{ fails: labelValue.invalidWhen(valueOf(labelValue.column)), reason }] : [],
  );
  return {
    pass: on.map(({ fails }) => `(${fails}) is not true`),
    reasons: on.map(({ fails, reason }) => `when ${fails} then '${reason}'`),
  };
}

const validRows = (source: Source, available: Available) => passes(sourceChecks(source, available));

/** The moment is settled in the window: at or before w (and after w0 when reading recent rows). */
const settled = (moment: string, reads: Reads) =>
  `${moment} <= ${PARAM.w}${reads === 'recent' ? ` and ${moment} > ${PARAM.w0}` : ''}`;

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
function recentRows({ spans, also }: Reading): string {
  return `(${[...rangeConditions(spans), ...(also ? [also] : [])].join('\n    or ')})`;
}

/**
 * When moments also move with a column of the joined relation (a stage's cancellation is its
 * application's), the recent rows as the rows found through each relation's own indexes, one branch
 * per relation: a condition over both could only be checked after joining every row of both.
 */
function recentOfBoth(source: Source, schema: string, { spans, also }: Reading): string | undefined {
  if (!source.joined) return undefined;
  const own = ALIASES[source.relation];
  const other = ALIASES[source.joined.relation];
  const ofJoined = (column: string) => column.startsWith(`${other}.`);
  const joinedRanges = rangeConditions(spans, ofJoined);
  if (joinedRanges.length === 0) return undefined;
  const ownRanges = [...rangeConditions(spans, (column) => !ofJoined(column)), ...(also ? [also] : [])];
  const ownRecent = ownRanges.length ? `(${ownRanges.join(' or ')})` : 'false';
  // each row once, duplicates of a view included: the second branch leaves out what the first found
  return (
    `lateral (select ${own}.* from ${tableRef(schema, source.relation)} where ${ownRecent}` +
    ` union all select ${own}.* from ${tableRef(schema, source.relation)} join ${tableRef(schema, source.joined.relation)}` +
    ` on ${source.joined.on} where (${joinedRanges.join(' or ')}) and ${ownRecent} is not true) ${own}`
  );
}

/** The alias of a grouped query whose groups are checked by `checkedPerGroup`. */
export const GROUPED_ALIAS = 'g';

/**
 * A grouped query's rows kept where every condition holds, each checked once per group. PostgreSQL
 * moves a HAVING condition without aggregates into WHERE, where it runs on every row (regular
 * expressions on millions of rows); OFFSET 0 keeps the grouped query a subquery of its own, which
 * still runs in parallel, so the conditions run on its few result rows.
 */
export function checkedPerGroup(grouped: string, conditions: string[]): string {
  if (conditions.length === 0) return grouped;
  return `select * from (\n${grouped}\noffset 0) ${GROUPED_ALIAS}\nwhere ${conditions.join('\n  and ')}`;
}

/** The label-value checks of a source, and the columns a grouped query must keep to check them. */
function labelValueColumns(checks: RowCheck[]): string[] {
  return [...new Set(checks.flatMap((check) => (check.labelValue ? [check.labelValue.column] : [])))];
}

/** The rows an invalid-row check files under the anchor in the window: after w0, or without one. */
const anchoredRecently = (anchor: string) => `(${anchor} > ${PARAM.w0} or ${anchor} is null)`;

/** Rows counted by their anchor: settled in the window and (by default only reading recent rows) live. */
function anchorCounts(anchor: string, reads: Reads, withLive = reads === 'recent'): string[] {
  const live = `count(*) filter (where ${anchor} > ${PARAM.w} or ${anchor} is null) as ${CHECK_COLUMNS.live}`;
  return [
    `count(*) filter (where ${settled(anchor, reads)}) as ${CHECK_COLUMNS.settled}`,
    ...(withLive ? [live] : []),
  ];
}

/**
 * One row per combination of the labels with any row in the window: label values, then per quantity
 * its settled column (moment in (w0, w], or ≤ w in a full recount) and, reading recent rows, its live
 * column (moment after w and reached at t). Segment and channel values are checked once per group
 * instead of once per row: they are grouped by (as labels, or as extra columns summed away).
 *
 * A query that checks its relation's rows reads them all, valid or not, in the same pass: grouped also
 * by whether they pass the checks of single rows, with a reason for groups whose label values fail
 * and the rows counted by the anchor. A group of rows failing a row check counts for nothing; the
 * second pass (`firstFailingCheckQuery`) finds which check each fails first.
 */
export function sourceQuery(plan: SourceQueryShape, schema: string, reads: Reads): string {
  const source = plan.source;
  const checks = sourceChecks(source, plan.available);
  const labels = plan.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  // each checked column under the name the grouped query gives it: its label's, or v0, v1, …
  const grouped = new Map(plan.labels.map((label) => [labelExpression(source, label), `"${label}"`]));
  const values = labelValueColumns(checks)
    .filter((column) => !grouped.has(column))
    .map((column, i) => {
      grouped.set(column, `v${i}`);
      return `${column} as v${i}`;
    });
  // reading every row is for the settled part only; the few live rows are read as recent ones
  const columns = plan.quantities.flatMap((quantity) => {
    const settledPart = `${aggregate(quantity, settled(quantity.settles.sql, reads))} as ${quantity.as.settled}`;
    if (reads === 'all') return [settledPart];
    const after = `${quantity.settles.sql} > ${PARAM.w}`;
    const live = quantity.reached ? `${after} and ${quantity.reached}` : after;
    return [settledPart, `${aggregate(quantity, live)} as ${quantity.as.live}`];
  });
  const rowsPass = rowChecksPass(checks);
  const anchor = source.anchor.sql;
  const recent = { spans: plan.spans, ...(plan.checksRows ? { also: anchoredRecently(anchor) } : {}) };
  const where = [
    ...(plan.checksRows ? [] : [rowsPass]),
    ...(plan.familyRows ? [`(${plan.familyRows.map((rows) => `(${rows})`).join(' or ')})`] : []),
    ...(reads === 'recent' ? [recentRows(recent)] : []),
  ];
  const keys = [
    ...labels,
    ...values,
    ...(plan.checksRows ? [`${rowsPass} as ${CHECK_COLUMNS.rowsPass}`] : []),
  ];
  const query = [
    `select ${[...keys, ...columns, ...(plan.checksRows ? anchorCounts(anchor, reads) : [])].join(',\n  ')}`,
    fromClause(source, schema, reads === 'recent' ? { recent } : {}),
    ...(where.length ? [`where ${where.join('\n  and ')}`] : []),
    `group by ${keys.map((_, i) => i + 1).join(', ')}`,
  ].join('\n');
  const labelChecks = labelValueChecks(
    checks,
    (column) => `${GROUPED_ALIAS}.${grouped.get(column) as string}`,
  );
  if (!plan.checksRows) return checkedPerGroup(query, labelChecks.pass);
  const reason = labelChecks.reasons.length
    ? `case when ${GROUPED_ALIAS}.${CHECK_COLUMNS.rowsPass} then case\n    ${labelChecks.reasons.join('\n    ')}\n  end end`
    : 'null::text';
  return `select *, ${reason} as ${CHECK_COLUMNS.reason} from (\n${query}\n) ${GROUPED_ALIAS}`;
}

/**
 * The second pass of a source's row checks, for when some rows fail a check of single rows: those
 * rows by the first reason that applies, filed under the source's anchor (rows without one stay live:
 * they are read on every refresh). They are grouped by their first failing row check and their label
 * values, which are checked once per group, so that the first reason in the checks' order wins.
 */
export function firstFailingCheckQuery(
  source: Source,
  schema: string,
  reads: Reads,
  available: Available = FULL_CONTRACT,
): string {
  const checks = sourceChecks(source, available);
  const valueColumns = labelValueColumns(checks);
  const anchor = source.anchor.sql;
  const { reason, settled: settledAs, live } = CHECK_COLUMNS;
  const firstFailing = checks
    .flatMap((check, i) => (check.labelValue ? [] : [`when ${check.invalidWhen} then ${i}`]))
    .join('\n      ');
  const reasons = checks
    .map((check, i) => {
      const when = check.labelValue
        ? check.labelValue.invalidWhen(`${GROUPED_ALIAS}.v${valueColumns.indexOf(check.labelValue.column)}`)
        : `${GROUPED_ALIAS}.first_check = ${i}`;
      return `when ${when} then '${check.reason}'`;
    })
    .join('\n    ');
  const where = [`not (${rowChecksPass(checks)})`, ...(reads === 'recent' ? [anchoredRecently(anchor)] : [])];
  return [
    `select ${reason}, sum(${settledAs})::bigint as ${settledAs}, sum(${live})::bigint as ${live} from (`,
    `  select case\n    ${reasons}\n  end as ${reason}, ${settledAs}, ${live} from (`,
    `  select case\n      ${firstFailing}\n    end as first_check,`,
    ...valueColumns.map((column, i) => `    ${column} as v${i},`),
    // run once per window, so reading every row too it counts the live rows itself
    `    ${anchorCounts(anchor, reads, true).join(',\n    ')}`,
    `  ${fromClause(source, schema)}`,
    `  where ${where.join('\n    and ')}`,
    `  group by ${[0, ...valueColumns].map((_, i) => i + 1).join(', ')}`,
    `  ) ${GROUPED_ALIAS}`,
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
    fromClause(source, schema, { fanOut: family.fanOut }),
    `where ${validRows(source, available)}${family.rows ? `\n  and (${family.rows})` : ''}`,
    `group by ${family.labels.map((_, i) => i + 1).join(', ')}`,
  ].join('\n');
}
