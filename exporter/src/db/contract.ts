/**
 * The CRM source contract (shared/docs/crm-schema.md), declared once.
 * Migrations, row-validity checks and the docs derive from these declarations.
 */

/** From the root down; `grid` (a station's 1+N account-manager team area) is optional in a CRM. */
export const REGION_LEVELS = ['province', 'city', 'county', 'station', 'grid'] as const;
export const WORK_ORDER_TYPES = [
  'consultation',
  'complaint',
  'report',
  'opinion',
  'suggestion',
  'praise',
  'repair',
  'service_request',
  'urge',
] as const;
export const AREA_CLASSES = ['urban', 'rural', 'remote'] as const;
/** the last three are v2: orderly-use curtailment, cut-off for breach of contract, for unpaid bills */
export const OUTAGE_KINDS = ['planned', 'temporary', 'fault', 'load_shedding', 'breach', 'arrears'] as const;
/** outages customers must be told of ahead: every kind but a fault */
export const NOTICE_KINDS = ['planned', 'temporary', 'load_shedding', 'breach', 'arrears'] as const;
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export const CONNECTION_STAGES = [
  'plan_reply',
  'design_review',
  'midway_inspection',
  'completion_acceptance',
  'connection',
] as const;
export const CUSTOMER_CLASSES = ['residential', 'low_voltage', 'hv_single', 'hv_dual'] as const;
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export type RegionLevel = (typeof REGION_LEVELS)[number];
export type ColumnType = 'text' | 'bigint' | 'integer' | 'smallint' | 'boolean' | 'timestamptz';

export interface Column {
  type: ColumnType;
  nullable: boolean;
  primaryKey?: boolean;
  /** closed set of accepted values (text codes) */
  oneOf?: readonly string[];
  /** foreign key: relation.column */
  references?: {
    relation: 'regions' | 'customers' | 'work_orders' | 'outages' | 'connection_applications';
    column: string;
  };
  defaultTo?: number | boolean;
  /** a count that cannot be negative */
  nonNegative?: boolean;
  /** the exporter filters on this column, so the demo migrations index it */
  indexed?: boolean;
  /** a v2 column a CRM may not have: the metrics that need it are off where it is missing */
  optional?: boolean;
}

const col = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ type, nullable: false, ...extra });
const nullable = (type: ColumnType, extra: Partial<Column> = {}): Column =>
  col(type, { ...extra, nullable: true });
const ts = (extra: Partial<Column> = {}): Column => col('timestamptz', { indexed: true, ...extra });
const nullableTs = (extra: Partial<Column> = {}): Column => ts({ ...extra, nullable: true });
const regionRef = { relation: 'regions', column: 'id' } as const;
const v2 = (c: Column): Column => ({ ...c, optional: true });

export const CONTRACT = {
  regions: {
    id: col('text', { primaryKey: true }),
    name: col('text'),
    parent_id: nullable('text', { references: regionRef }),
    level: col('text', { oneOf: REGION_LEVELS }),
  },
  customers: {
    id: col('bigint', { primaryKey: true }),
    region_id: col('text', { references: regionRef }),
    segment: col('text'),
    area_class: col('text', { oneOf: AREA_CLASSES }),
    sensitivity: col('smallint', { defaultTo: 0, nonNegative: true }),
    opened_at: ts(),
    closed_at: nullableTs(),
    credit_grade: v2(nullable('text', { oneOf: CREDIT_GRADES })),
    vulnerable: v2(col('boolean', { defaultTo: false })),
  },
  work_orders: {
    id: col('bigint', { primaryKey: true }),
    type: col('text', { oneOf: WORK_ORDER_TYPES }),
    channel: col('text'),
    customer_id: nullable('bigint', { references: { relation: 'customers', column: 'id' } }),
    region_id: col('text', { references: regionRef }),
    segment: col('text'),
    area_class: col('text', { oneOf: AREA_CLASSES }),
    accepted_at: ts(),
    deadline_at: nullableTs(),
    closed_at: nullableTs(),
    cancelled_at: nullableTs(),
    returned_count: col('integer', { defaultTo: 0, nonNegative: true }),
    needs_visit: col('boolean', { defaultTo: false }),
    arrived_at: nullableTs(),
    restored_at: nullableTs(),
    substantiated: nullable('boolean'),
    is_repeat: col('boolean', { defaultTo: false }),
    proactive: v2(col('boolean', { defaultTo: false })),
    escalated_at: v2(nullableTs()),
    remediation_due_at: v2(nullableTs()),
    remediated_at: v2(nullableTs()),
  },
  outages: {
    id: col('bigint', { primaryKey: true }),
    region_id: col('text', { references: regionRef }),
    kind: col('text', { oneOf: OUTAGE_KINDS }),
    area_class: col('text', { oneOf: AREA_CLASSES }),
    affected_customers: col('integer', { defaultTo: 0, nonNegative: true }),
    notified_at: nullableTs(),
    start_at: ts(),
    planned_end_at: nullableTs(),
    end_at: nullableTs(),
    info_reported_at: nullableTs(),
    restore_reported_at: nullableTs(),
    info_valid: nullable('boolean'),
    restore_info_valid: v2(nullable('boolean')),
    cancelled_at: nullableTs(),
  },
  callbacks: {
    id: col('bigint', { primaryKey: true }),
    work_order_id: col('bigint', { references: { relation: 'work_orders', column: 'id' } }),
    called_at: ts(),
    reached: col('boolean'),
    satisfaction: nullable('text', { oneOf: SATISFACTIONS }),
  },
  connection_applications: {
    id: col('bigint', { primaryKey: true }),
    region_id: col('text', { references: regionRef }),
    segment: col('text'),
    customer_class: col('text', { oneOf: CUSTOMER_CLASSES }),
    accepted_at: ts(),
    deadline_at: ts(),
    completed_at: nullableTs(),
    cancelled_at: nullableTs(),
  },
  calls: {
    id: col('bigint', { primaryKey: true }),
    region_id: col('text', { references: regionRef }),
    queue: col('text'),
    offered_at: ts(),
    answered_at: nullableTs(),
    abandoned_at: nullableTs(),
    called_back_at: nullableTs(),
  },
  arrears: {
    id: col('bigint', { primaryKey: true }),
    customer_id: col('bigint', { references: { relation: 'customers', column: 'id' } }),
    region_id: col('text', { references: regionRef }),
    segment: col('text'),
    due_at: ts(),
    amount_fen: col('bigint', { nonNegative: true }),
    settled_at: nullableTs(),
  },
  outage_customers: {
    outage_id: col('bigint', { primaryKey: true, references: { relation: 'outages', column: 'id' } }),
    customer_id: col('bigint', { primaryKey: true, references: { relation: 'customers', column: 'id' } }),
  },
  connection_stages: {
    application_id: col('bigint', {
      primaryKey: true,
      references: { relation: 'connection_applications', column: 'id' },
    }),
    stage: col('text', { primaryKey: true, oneOf: CONNECTION_STAGES }),
    started_at: ts(),
    deadline_at: ts(),
    completed_at: nullableTs(),
  },
} as const satisfies Record<string, Record<string, Column>>;

export type RelationName = keyof typeof CONTRACT;
export const RELATIONS = Object.keys(CONTRACT) as RelationName[];

/** The v2 relations a CRM may not have (crm-schema.md "v2: optional relations"). */
export const OPTIONAL_RELATIONS = [
  'calls',
  'arrears',
  'outage_customers',
  'connection_stages',
] as const satisfies readonly RelationName[];

export const isOptionalRelation = (relation: string): boolean =>
  (OPTIONAL_RELATIONS as readonly string[]).includes(relation);

/** Which parts of the contract a schema holds: all of it, or the v1 relations and columns only. */
export type ContractVersion = 'v1' | 'v2';

/** The relations and columns of a contract version, in contract order. */
export function contractParts(version: ContractVersion): [RelationName, [string, Column][]][] {
  return RELATIONS.filter((r) => version === 'v2' || !isOptionalRelation(r)).map((relation) => [
    relation,
    columnsOf(relation).filter(([, c]) => version === 'v2' || !c.optional),
  ]);
}

export function columnsOf(relation: RelationName): [string, Column][] {
  return Object.entries(CONTRACT[relation]) as [string, Column][];
}
