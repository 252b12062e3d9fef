import type { Family } from '../kpi';
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

const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels));
const big = (value: unknown) => BigInt(String(value));

/** Adds rows that share labels: a source query's groups are finer than each family's labels. */
function summed(rows: TermRow[]): TermRow[] {
  const byLabels = new Map<string, TermRow>();
  for (const row of rows) {
    const key = keyOf(row.labels);
    const known = byLabels.get(key);
    if (!known) byLabels.set(key, row);
    else {
      known.settled = known.settled.map((v, i) => v + (row.settled[i] as bigint));
      known.live = known.live.map((v, i) => v + (row.live[i] as bigint));
    }
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
          plan.families.map(({ family, columns }) => [
            family.name,
            summed(
              rows.map((row) => ({
                labels: Object.fromEntries(family.labels.map((label) => [label, String(row[label])])),
                settled: columns.map((c) => big(row[`f${c}`])),
                // statements reading every row return the settled part only
                live: columns.map((c) => (`l${c}` in row ? big(row[`l${c}`]) : 0n)),
              })),
            ),
          ]),
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
