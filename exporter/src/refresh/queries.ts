import type { Family } from '../kpi';
import { labelKey } from '../kpi/model';
import { sourcePlan } from '../kpi/plan';
import { SOURCES } from '../kpi/sources';
import { invalidRowsQuery, sourceQuery } from '../kpi/sql';
import type { Window } from './collect';

export type Row = Record<string, unknown>;

/**
 * What a query read for one label combination of one of its parts (a family, or the invalid rows of a
 * relation by reason): per column, what settled in the window (to be kept) and what is live now;
 * column 0 is membership, then the family's terms.
 */
export interface TermRow {
  labels: Record<string, string>;
  settled: bigint[];
  live: bigint[];
}

/** A statement of a query, and the previous watermark w0 it reads from (null: every row). */
export interface Statement {
  sql: string;
  from: Date | null;
}

/** One query of a refresh: its statements for a window and how their result rows split into parts. */
export interface RefreshQuery {
  /** the source for family queries, `invalid_<relation>` for invalid-row checks */
  name: string;
  parts: string[];
  statements: (schema: string, window: Window) => Statement[];
  split: (rows: Row[]) => Map<string, TermRow[]>;
}

const big = (value: unknown) => BigInt(String(value));

/**
 * A family's rows from a source query's groups, which are finer than the family's labels: groups that
 * share the family's labels are added up. Statements reading every row return no live columns.
 */
function familyRows(rows: Row[], labels: string[], columns: number[]): TermRow[] {
  const byLabels = new Map<string, TermRow>();
  const value = (row: Row, name: string) => (name in row ? BigInt(String(row[name])) : 0n);
  for (const row of rows) {
    const labelled = Object.fromEntries(labels.map((label) => [label, String(row[label])]));
    const key = labelKey(labelled);
    const sum = byLabels.get(key) ?? {
      labels: labelled,
      settled: columns.map(() => 0n),
      live: columns.map(() => 0n),
    };
    byLabels.set(key, sum);
    columns.forEach((column, i) => {
      sum.settled[i] = (sum.settled[i] as bigint) + value(row, `f${column}`);
      sum.live[i] = (sum.live[i] as bigint) + value(row, `l${column}`);
    });
  }
  return [...byLabels.values()];
}

/** One query per source for its families, and one invalid-row check per relation. */
export function refreshQueries(families: Family[]): RefreshQuery[] {
  const queries: RefreshQuery[] = [];
  for (const source of Object.keys(SOURCES) as (keyof typeof SOURCES)[]) {
    const own = families.filter((f) => f.source === source);
    if (!own.length) continue;
    const plan = sourcePlan(source, own);
    queries.push({
      name: source,
      parts: own.map((f) => f.name),
      // a full recount scans every row for the settled part only, and reads the live part like an
      // incremental refresh from the new watermark: half the aggregates over the whole relation
      statements: (schema, window) =>
        window.mode === 'full'
          ? [
              { sql: sourceQuery(plan, schema, 'all'), from: null },
              { sql: sourceQuery(plan, schema, 'recent'), from: window.until },
            ]
          : [{ sql: sourceQuery(plan, schema, 'recent'), from: window.from }],
      split: (rows) =>
        new Map(
          plan.families.map(({ family, columns }) => [family.name, familyRows(rows, family.labels, columns)]),
        ),
    });
  }
  for (const source of Object.values(SOURCES)) {
    const name = `invalid_${source.relation}`;
    queries.push({
      name,
      parts: [name],
      statements: (schema, window) => [
        {
          sql: invalidRowsQuery(source, schema, window.mode === 'full' ? 'all' : 'recent'),
          from: window.from,
        },
      ],
      split: (rows) =>
        new Map([
          [
            name,
            rows.map((row) => ({
              labels: { reason: String(row.reason) },
              settled: [big(row.f0)],
              live: [big(row.l0)],
            })),
          ],
        ]),
    });
  }
  return queries;
}
