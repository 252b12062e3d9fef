/**
 * Moments: SQL timestamp expressions that also know which columns they are made of and how far from
 * each column they can lie. That knowledge turns "the moment is in (W, t]" into index range
 * conditions on the columns themselves, which is how an incremental refresh finds the few rows that
 * changed among millions.
 */

import type { ColumnRef } from './sql-text';

/** moment = column + offset, with the offset somewhere in [min, max] seconds */
export interface Reach {
  column: ColumnRef;
  min: number;
  max: number;
}

export interface Moment {
  sql: string;
  /** by the column's SQL */
  columns: ReadonlyMap<string, Reach>;
}

/** A timestamp column, e.g. `wo.closed_at`. */
export function at(column: ColumnRef): Moment {
  return { sql: column.sql, columns: new Map([[column.sql, { column, min: 0, max: 0 }]]) };
}

/** A moment moved by an interval whose length (seconds) lies in [min, max], e.g. a limit by area class. */
export function shifted(moment: Moment, interval: { sql: string; min: number; max: number }): Moment {
  const columns = new Map<string, Reach>();
  for (const [sql, reach] of moment.columns)
    columns.set(sql, { ...reach, min: reach.min + interval.min, max: reach.max + interval.max });
  return { sql: `(${moment.sql} ${interval.sql})`, columns };
}

function merged(moments: Moment[]): Map<string, Reach> {
  const columns = new Map<string, Reach>();
  for (const m of moments) {
    for (const [column, reach] of m.columns) {
      const known = columns.get(column);
      columns.set(
        column,
        known
          ? { ...known, min: Math.min(known.min, reach.min), max: Math.max(known.max, reach.max) }
          : reach,
      );
    }
  }
  return columns;
}

/** The last of several moments, null while any of them is null (PostgreSQL's greatest skips nulls). */
export function latest(...moments: Moment[]): Moment {
  if (moments.length === 1) return moments[0] as Moment;
  const present = moments.map((m) => `${m.sql} is not null`).join(' and ');
  const sql = `(case when ${present} then greatest(${moments.map((m) => m.sql).join(', ')}) end)`;
  return { sql, columns: merged(moments) };
}

/** The first of several moments that is set (closed or cancelled, whichever came first). */
export function earliest(...moments: Moment[]): Moment {
  if (moments.length === 1) return moments[0] as Moment;
  return { sql: `least(${moments.map((m) => m.sql).join(', ')})`, columns: merged(moments) };
}

/** A moment the refresh must find when it lies in (from, to], or above from when unbounded. */
export interface Span {
  moment: Moment;
  bounded: boolean;
}

/**
 * Per column, the range (from + after, to + upTo] that every row whose span moment lies in (from, to]
 * has its column in (upTo undefined: unbounded above). Sound for the combinators above: a latest or
 * earliest moment in (from, to] equals one of its parts, and that part lies in (from, to] too; a
 * shifted one lies in it when its column lies in the range moved back by the offset.
 */
export interface ColumnRange {
  column: ColumnRef;
  after: number;
  upTo?: number;
}

export function columnRanges(spans: Span[]): Map<string, ColumnRange> {
  const ranges = new Map<string, ColumnRange>();
  for (const { moment, bounded } of spans) {
    for (const [sql, reach] of moment.columns) {
      const after = -reach.max;
      const upTo = bounded ? -reach.min : undefined;
      const known = ranges.get(sql);
      if (!known) ranges.set(sql, { column: reach.column, after, upTo });
      else
        ranges.set(sql, {
          column: known.column,
          after: Math.min(known.after, after),
          upTo: known.upTo === undefined || upTo === undefined ? undefined : Math.max(known.upTo, upTo),
        });
    }
  }
  return ranges;
}
