import { columnRanges, latest, type Moment } from './moments';
import type { Family, Source, Term } from './model';
import { REGION_MAP_ALIAS, SOURCES, labelExpression, sourceChecks } from './sources';
import { familyTerms, spansOf } from './terms';

/**
 * SQL generated from the declarations. Every query takes five bindings: the evaluation time t, the
 * watermark w up to which counts settle, the previous watermark w0 (null for a full recount), and the
 * region map as two parallel arrays (row region id → label region id), joined as `rm`.
 *
 * Each term yields two columns: `f` counts the rows whose moment settled in (w0, w] (all ≤ w in a
 * full recount), to be added to what the exporter keeps; `l` counts the live ones, moment in (w, t].
 */
export type QueryBindings = [t: Date, w: Date, w0: Date | null, regionIds: string[], labelRegions: string[]];

export type QueryMode = 'full' | 'incremental';

function fromClause(source: Source, schema: string): string {
  const table = (relation: string) => `"${schema}"."${relation}"`;
  const joined = source.joined
    ? ` left join ${table(source.joined.relation)} ${source.joined.alias} on ${source.joined.on}`
    : '';
  return (
    `from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0) p,` +
    ` ${table(source.relation)} ${source.alias}${joined}` +
    ` left join unnest(?::text[], ?::text[]) as ${REGION_MAP_ALIAS}(id, label)` +
    ` on ${REGION_MAP_ALIAS}.id = ${source.labelAlias}.region_id`
  );
}

function validRows(source: Source): string {
  return sourceChecks(source)
    .map((check) => `(${check.invalidWhen}) is not true`)
    .join('\n  and ');
}

const settled = (moment: string, mode: QueryMode) =>
  `${moment} <= p.w${mode === 'incremental' ? ` and ${moment} > p.w0` : ''}`;

/** The term holds at t: its moment has come (and its deadline has passed). */
function reached(term: Term): string {
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

function aggregate(term: Term, condition: string): string {
  const where = term.where ? `(${term.where}) and ${condition}` : condition;
  return term.sum
    ? `coalesce(sum(${term.sum}) filter (where ${where}), 0)`
    : `count(*) filter (where ${where})`;
}

const seconds = (offset: number) => (offset ? ` - interval '${offset} seconds'` : '');

/** Rows an incremental query reads: those with a column in the range its moments can move through. */
function recentRows(moments: Parameters<typeof columnRanges>[0]): string {
  const ranges = [...columnRanges(moments)].map(([column, range]) => {
    const after = `${column} > p.w0${seconds(-range.after)}`;
    return range.upTo === undefined ? after : `(${after} and ${column} <= p.t${seconds(-range.upTo)})`;
  });
  return `(${ranges.join('\n    or ')})`;
}

/**
 * One row per label combination with any row in the window: label values, then `f0`/`l0` for the
 * family's membership and `f<i>`/`l<i>` for each of its distinct terms.
 */
export function familyQuery(family: Family, schema: string, mode: QueryMode): string {
  const source = SOURCES[family.source];
  const terms = familyTerms(family);
  const labels = family.labels.map((label) => `${labelExpression(source, label)} as "${label}"`);
  const member: Moment = terms.membership;
  const columns = [
    `count(*) filter (where ${settled(member.sql, mode)}) as f0`,
    `count(*) filter (where ${member.sql} > p.w) as l0`,
    ...terms.terms.flatMap((term, i) => {
      const settles = settlesAt(term, member).sql;
      return [
        `${aggregate(term, settled(settles, mode))} as f${i + 1}`,
        `${aggregate(term, `${settles} > p.w and ${reached(term)}`)} as l${i + 1}`,
      ];
    }),
  ];
  const groupBy = family.labels.map((_, i) => i + 1).join(', ');
  const where = [
    validRows(source),
    ...(family.rows ? [`(${family.rows})`] : []),
    ...(mode === 'incremental' ? [recentRows(spansOf(terms))] : []),
  ];
  return [
    `select ${[...labels, ...columns].join(',\n  ')}`,
    fromClause(source, schema),
    `where ${where.join('\n  and ')}`,
    `group by ${groupBy}`,
  ].join('\n');
}

/**
 * Rows of a source that cannot be published, counted by the first reason that applies, filed under
 * the source's anchor timestamp (rows without one stay live: they are read on every refresh).
 */
export function invalidRowsQuery(source: Source, schema: string, mode: QueryMode): string {
  const reasons = sourceChecks(source)
    .map((check) => `when ${check.invalidWhen} then '${check.reason}'`)
    .join('\n    ');
  const anchor = source.anchor;
  return [
    `select reason, count(*) filter (where ${settled('a', mode).replace(/p\./g, '')}) as f0,`,
    `  count(*) filter (where a > w or a is null) as l0 from (`,
    `  select case\n    ${reasons}\n  end as reason, ${anchor} as a, p.w, p.w0`,
    `  ${fromClause(source, schema)}`,
    mode === 'incremental' ? `  where ${anchor} > p.w0 or ${anchor} is null` : '',
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
    const add = m.add.map((term) => aggregate(term, reached(term)));
    const subtract = (m.subtract ?? []).map((term) => ` - ${aggregate(term, reached(term))}`);
    return `${add.join(' + ')}${subtract.join('')} as m${i}`;
  });
  return [
    `select ${[...labels, ...measures].join(',\n  ')}`,
    fromClause(source, schema),
    `where ${validRows(source)}${family.rows ? `\n  and (${family.rows})` : ''}`,
    `group by ${family.labels.map((_, i) => i + 1).join(', ')}`,
  ].join('\n');
}
