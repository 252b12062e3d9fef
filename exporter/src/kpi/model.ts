import type { Config } from '../config';
import type { RelationName } from '../db/contract';

/** Label names the exporter publishes. Region is rolled up, segment/channel capped, the rest closed sets. */
export type LabelName = 'region' | 'segment' | 'channel' | 'type' | 'kind' | 'area_class' | 'customer_class';
export const CAPPED_LABELS = ['segment', 'channel'] as const satisfies readonly LabelName[];
export type CappedLabel = (typeof CAPPED_LABELS)[number];

export type MetricType = 'counter' | 'gauge';

/** One published metric of a family: an aggregate over the family's rows. */
export interface Measure {
  metric: string;
  type: MetricType;
  help: string;
  /** SQL aggregate over the family's rows; `p.t` is the evaluation time */
  sql: string;
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
  measures: Measure[];
}

export type SourceName = 'customers' | 'work_orders' | 'callbacks' | 'outages' | 'connection_applications';

/** How a relation is read: its alias, joins, and where region and the other labels come from. */
export interface Source {
  relation: RelationName;
  alias: string;
  /** for sources whose labels come from a joined relation (callbacks → their work order) */
  joined?: { relation: RelationName; alias: string; on: string };
  /** alias whose region_id / segment / … the labels read */
  labelAlias: string;
}

export type FamilyBuilder = (config: Config) => Family[];
