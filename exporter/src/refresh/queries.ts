import type { Available } from '../db/available';
import type { Family } from '../kpi';
import { queryPlans, type QueryPart, type QueryPlan, type Row, type Tallied } from '../kpi/plan';
import type { ColumnRef } from '../kpi/sql-text';

/** Which rows a query reads: all (a full recount) or those of the moments in (from, t]. */
export interface Window {
  mode: 'full' | 'incremental';
  /** the previous watermark; null for a full recount */
  from: Date | null;
  /** the new watermark: moments up to here are settled */
  until: Date;
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
  parts: QueryPart[];
  statements: (schema: string, window: Window) => Statement[];
  /** a statement to run after the others when their rows need it (the second pass of row checks) */
  followUp?: { needed: (rows: Row[]) => boolean; statement: (schema: string, window: Window) => Statement };
  split: (rows: Row[]) => Map<string, Tallied[]>;
  /** the timestamp columns the incremental statement filters on: each wants an index */
  filteredColumns: ColumnRef[];
}

function statements(plan: QueryPlan, schema: string, window: Window): Statement[] {
  if (window.mode === 'incremental') return [{ sql: plan.sql(schema, 'recent'), from: window.from }];
  // a full recount scans every row for the settled part only and reads the live part like an
  // incremental refresh from the new watermark: half the aggregates over the whole relation
  return [
    { sql: plan.sql(schema, 'all'), from: null },
    { sql: plan.sql(schema, 'recent'), from: window.until },
  ];
}

/** A follow-up statement reads once per window: every row in a full recount, else the recent ones. */
function followUp(f: NonNullable<QueryPlan['followUp']>): NonNullable<RefreshQuery['followUp']> {
  return {
    needed: f.needed,
    statement: (schema, window) => ({
      sql: f.sql(schema, window.mode === 'full' ? 'all' : 'recent'),
      from: window.from,
    }),
  };
}

/** One query per source for its families, and one invalid-row check per relation. */
export function refreshQueries(families: Family[], available: Available): RefreshQuery[] {
  return queryPlans(families, available).map((plan) => ({
    name: plan.name,
    parts: plan.parts,
    statements: (schema, window) => statements(plan, schema, window),
    ...(plan.followUp ? { followUp: followUp(plan.followUp) } : {}),
    split: plan.decode,
    filteredColumns: plan.filteredColumns,
  }));
}
