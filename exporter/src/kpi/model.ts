import type { Config } from '../config';
import type { RelationName } from '../db/contract';
import type { Moment } from './moments';
import type { ColumnRef } from './sql-text';

/** Label names the exporter publishes. Region is rolled up, segment/channel/queue capped, the rest closed sets. */
export type LabelName =
  | 'region'
  | 'segment'
  | 'channel'
  | 'type'
  | 'kind'
  | 'area_class'
  | 'customer_class'
  | 'stars'
  | 'credit_grade'
  | 'queue'
  | 'stage'
  | 'over'
  | 'outages';
export const CAPPED_LABELS = ['segment', 'channel', 'queue'] as const satisfies readonly LabelName[];
export type CappedLabel = (typeof CAPPED_LABELS)[number];

export type MetricType = 'counter' | 'gauge';

/** The identity of a label combination, for maps keyed by labels. */
export const labelKey = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels));

/**
 * Rows that count from a moment on: `where` holds and `since` ≤ t (and, for a deadline, `before` < t).
 * Every measure is a signed sum of such terms. Because a row's contribution to a term never changes
 * once its moment has settled, an incremental refresh can keep the settled part and recount only the
 * rows whose moments lie in the last settle window.
 */
export interface Term {
  /** condition on the row that does not depend on t */
  where?: string;
  since: Moment;
  /** a moment that must also be strictly before t; `since` must not come before it */
  before?: Moment;
  /** integer SQL expression summed over the rows instead of counting them */
  sum?: string;
}

/** One published metric of a family: counters add terms; gauges subtract the rows that stopped. */
export interface Measure {
  metric: string;
  type: MetricType;
  help: string;
  add: Term[];
  subtract?: Term[];
  /** the terms' sums are in units of 1/scale (microseconds for seconds): exact integers in SQL */
  scale?: number;
}

/**
 * A query family: rows of one source, grouped by labels, one SQL query for all its measures.
 * Metrics read together (a timer's due/late/overdue…, the work-order counts) share a family, so they
 * are published together for every label combination that has any row.
 */
export interface Family {
  name: string;
  source: SourceName;
  labels: LabelName[];
  /** SQL predicate selecting the family's rows (besides row validity) */
  rows?: string;
  /** from when a row belongs to the family: the source's anchor unless `rows` needs a later column */
  memberSince?: Moment;
  /** for a fanned-out source: the thresholds each row is counted at */
  fanOut?: FanOut;
  measures: Measure[];
}

export type SourceName =
  | 'customers'
  | 'work_orders'
  | 'customer_work_orders'
  | 'callbacks'
  | 'outages'
  | 'connection_applications'
  | 'calls'
  | 'connection_stages'
  | 'arrears'
  | 'arrears_ageing'
  | 'outage_customers';

/** How a relation is read (under its alias in sql-text.ts): joins, and where the labels come from. */
export interface Source {
  relation: RelationName;
  /** for sources whose labels come from a joined relation (callbacks → their work order) */
  joined?: { relation: RelationName; on: string };
  /** the relation whose region_id / segment / … the labels read */
  labelsFrom: RelationName;
  /** the NOT NULL timestamp a row is filed under (accepted_at, …): when it joined the data */
  anchor: ColumnRef;
  /**
   * read in full by a query of its own on a slower schedule (the config key of its interval), not
   * by the incremental refresh: what it counts slides with time
   */
  schedule?: 'experience_interval';
}

/**
 * Each row counted once per threshold of a configured list (bills by age): moments add the lag
 * `FAN_OUT.lag` (sql-text.ts), and the `over` label reads the threshold's value. The refresh query
 * counts every threshold in one set of aggregates each, the lag a constant (plan.ts); the naive
 * reference joins the thresholds to the rows as `FAN_OUT`.
 */
export interface FanOut {
  /** label value → seconds */
  thresholds: [string, number][];
}

export type FamilyBuilder = (config: Config) => Family[];
