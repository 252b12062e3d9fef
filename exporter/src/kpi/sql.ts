import { columnRanges, type Span } from './moments';
import type { Family, Source, Term } from './model';
import { reached, type Column, type SourcePlan } from './plan';
import { REGION_MAP_ALIAS, SOURCES, labelExpression, sourceChecks, type RowCheck } from './sources';

/**
 * SQL generated from the declarations. Every query takes six bindings: the evaluation time t, the
 * watermark w up to which counts settle, the previous watermark w0 (null for a full recount), the
 * latest plausible timestamp (a constant, so it is not recomputed per row), and the region map as two
 * parallel arrays (row region id → label region id), joined as `rm`.
 *
 * Each counted quantity yields two columns: `f` counts the rows whose moment settled in (w0, w] (all
 * ≤ w when every row is read), to be added to what the exporter keeps; `l` counts the live ones,
 * moment after w and reached at t.
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

function fromClause(source: Source, schema: string): string {
  const table = (relation: string) => `"${schema}"."${relation}"`;
  const joined = source.joined
    ? ` left join ${table(source.joined.relation)} ${source.joined.alias} on ${source.joined.on}`
    : '';
  return (
    `from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p,` +
    ` ${table(source.relation)} ${source.alias}${joined}` +
    ` left join unnest(?::text[], ?::text[]) as ${REGION_MAP_ALIAS}(id, label)` +
    ` on ${REGION_MAP_ALIAS}.id = ${source.labelAlias}.region_id`
  );
}

function passes(checks: RowCheck[]): string {
  return checks.map((check) => `(${check.invalidWhen}) is not true`).join('\n  and ');
}

const validRows = (source: Source) => passes(sourceChecks(source));

/** `at` names the relation holding the watermarks w and w0: the parameters `p`, or a subquery */
const settled = (moment: string, reads: Reads, at = 'p') =>
  `${moment} <= ${at}.w${reads === 'recent' ? ` and ${moment} > ${at}.w0` : ''}`;

function aggregate(column: Column, condition: string): string {
  const where = column.where ? `(${column.where}) and ${condition}` : condition;
  return column.sum
    ? `coalesce(sum(${column.sum}) filter (where ${where}), 0)`
    : `count(*) filter (where ${where})`;
}

const seconds = (offset: number) => (offset ? ` - interval '${offset} seconds'` : '');

/** Rows an incremental query reads: those with a column in the range its moments can move through. */
function recentRows(spans: Span[]): string {
  const ranges = [...columnRanges(spans)].map(([column, range]) => {
    const after = `${column} > p.w0${seconds(-range.after)}`;
    return range.upTo === undefined ? after : `(${after} and ${column} <= p.t${seconds(-range.upTo)})`;
  });
  return `(${ranges.join('\n    or ')})`;
}

/**
 * One row per combination of the plan's labels with any row in the window: label values, then per
 * column `f<i>` (settled in the window: moment in (w0, w], or ≤ w in a full recount) and `l<i>` (live:
 * moment after w and reached at t). Segment and channel values are checked once per group instead of
 * once per row: they are grouped by (as labels, or as extra columns the exporter sums away).
 */
export function sourceQuery(plan: SourcePlan, schema: string, reads: Reads): string {
  const source = SOURCES[plan.source];
  const checks = sourceChecks(source);
  const valueChecks = checks.filter((check) => check.labelValue);
  const valueColumns = [...new Set(valueChecks.map((check) => check.labelValue?.column as string))];
  const labels = plan.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  const labelColumns = new Set(plan.labels.map((label) => labelExpression(source, label)));
  const values = valueColumns.filter((c) => !labelColumns.has(c)).map((column, i) => `${column} as v${i}`);
  // reading every row is for the settled part only; the few live rows are read as recent ones
  const columns = plan.columns.flatMap((column, i) => {
    const settledPart = `${aggregate(column, settled(column.settles.sql, reads))} as f${i}`;
    if (reads === 'all') return [settledPart];
    const live = column.reached
      ? `${column.settles.sql} > p.w and ${column.reached}`
      : `${column.settles.sql} > p.w`;
    return [settledPart, `${aggregate(column, live)} as l${i}`];
  });
  const rowsOfAnyFamily = plan.families.every(({ family }) => family.rows)
    ? [`(${plan.families.map(({ family }) => `(${family.rows})`).join(' or ')})`]
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
    fromClause(source, schema),
    `where ${where.join('\n  and ')}`,
    `group by ${[...labels, ...values].map((_, i) => i + 1).join(', ')}`,
    ...(valueOk.length ? [`having ${valueOk.join('\n  and ')}`] : []),
  ].join('\n');
}

/**
 * Rows of a source that cannot be published, counted by the first reason that applies, filed under
 * the source's anchor timestamp (rows without one stay live: they are read on every refresh).
 */
export function invalidRowsQuery(source: Source, schema: string, reads: Reads): string {
  const reasons = sourceChecks(source)
    .map((check) => `when ${check.invalidWhen} then '${check.reason}'`)
    .join('\n    ');
  const anchor = source.anchor;
  return [
    `select reason, count(*) filter (where ${settled('a', reads, 'checked')}) as f0,`,
    `  count(*) filter (where a > checked.w or a is null) as l0 from (`,
    `  select case\n    ${reasons}\n  end as reason, ${anchor} as a, p.w, p.w0`,
    `  ${fromClause(source, schema)}`,
    reads === 'recent' ? `  where ${anchor} > p.w0 or ${anchor} is null` : '',
    `) checked where reason is not null group by reason`,
  ].join('\n');
}

/**
 * The same KPIs the way a generic SQL exporter computes them: every measure at t over every row,
 * one GROUP BY per family on every scrape. Only the benchmark runs it, as the baseline.
 */
export function pointInTimeQuery(family: Family, schema: string): string {
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
    fromClause(source, schema),
    `where ${validRows(source)}${family.rows ? `\n  and (${family.rows})` : ''}`,
    `group by ${family.labels.map((_, i) => i + 1).join(', ')}`,
  ].join('\n');
}
