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
  /** the offset is exactly one of these (a row counted once per age threshold): far apart, they are read as narrow ranges */
  offsets?: readonly number[];
}

/** The offsets a reach can have, when they are a known few: listed, or a single one. */
const discrete = (reach: Reach): readonly number[] | undefined =>
  reach.offsets ?? (reach.min === reach.max ? [reach.min] : undefined);

export interface Moment {
  sql: string;
  /** by the column's SQL */
  columns: ReadonlyMap<string, Reach>;
}

/** A timestamp column, e.g. `wo.closed_at`. */
export function at(column: ColumnRef): Moment {
  return { sql: column.sql, columns: new Map([[column.sql, { column, min: 0, max: 0 }]]) };
}

/**
 * A moment moved by an interval whose length (seconds) lies in [min, max], e.g. a limit by area class,
 * or is one of `values` (the age thresholds a row is counted at).
 */
export function shifted(
  moment: Moment,
  interval: { sql: string; min: number; max: number; values?: readonly number[] },
): Moment {
  const columns = new Map<string, Reach>();
  for (const [sql, reach] of moment.columns) {
    const own = discrete(reach);
    const offsets =
      interval.values && own
        ? [...new Set(own.flatMap((o) => interval.values?.map((v) => o + v) ?? []))]
        : undefined;
    columns.set(sql, {
      column: reach.column,
      min: reach.min + interval.min,
      max: reach.max + interval.max,
      ...(offsets ? { offsets } : {}),
    });
  }
  return { sql: `(${moment.sql} ${interval.sql})`, columns };
}

function merged(moments: Moment[]): Map<string, Reach> {
  const columns = new Map<string, Reach>();
  for (const m of moments) {
    for (const [column, reach] of m.columns) {
      const known = columns.get(column);
      if (!known) {
        columns.set(column, reach);
        continue;
      }
      const [a, b] = [discrete(known), discrete(reach)];
      const listed = (known.offsets || reach.offsets) && a && b;
      columns.set(column, {
        column: known.column,
        min: Math.min(known.min, reach.min),
        max: Math.max(known.max, reach.max),
        ...(listed ? { offsets: [...new Set([...a, ...b])] } : {}),
      });
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
  /**
   * where a column's moments lie at a few offsets far apart (a bill at each age threshold), the
   * narrow ranges themselves, whose union is what the rows need: (from + after, to + upTo] each
   */
  pieces?: { after: number; upTo?: number }[];
}

export function columnRanges(spans: Span[]): Map<string, ColumnRange> {
  const ranges = new Map<string, ColumnRange>();
  const reaches = new Map<string, { reach: Reach; bounded: boolean }[]>();
  for (const { moment, bounded } of spans) {
    for (const [sql, reach] of moment.columns) {
      reaches.set(sql, [...(reaches.get(sql) ?? []), { reach, bounded }]);
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
  for (const [sql, uses] of reaches) {
    const pieces = narrowPieces(uses);
    if (pieces) ranges.set(sql, { ...(ranges.get(sql) as ColumnRange), pieces });
  }
  return ranges;
}

/** One range per offset, when a column has listed offsets and every use of it is at known offsets. */
function narrowPieces(uses: { reach: Reach; bounded: boolean }[]): ColumnRange['pieces'] {
  if (!uses.some(({ reach }) => reach.offsets)) return undefined;
  const pieces = new Map<string, { after: number; upTo?: number }>();
  for (const { reach, bounded } of uses) {
    const offsets = discrete(reach);
    if (!offsets) return undefined;
    for (const o of offsets) {
      const piece = { after: -o, ...(bounded ? { upTo: -o } : {}) };
      pieces.set(JSON.stringify(piece), piece);
    }
  }
  // a range unbounded above holds every bounded one that starts no earlier
  const unbounded = [...pieces.values()].filter((p) => p.upTo === undefined);
  const kept = [...pieces.values()].filter(
    (p) => p.upTo === undefined || !unbounded.some((u) => u.after <= p.after),
  );
  return kept.length > 1 ? kept.sort((a, b) => b.after - a.after) : undefined;
}
