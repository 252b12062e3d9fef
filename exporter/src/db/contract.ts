/**
 * The CRM source contract (shared/docs/crm-schema.md), declared once.
 * Migrations, row-validity checks and the docs derive from these declarations.
 */

export const REGION_LEVELS = ['province', 'city', 'county', 'station'] as const;
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
export const OUTAGE_KINDS = ['planned', 'temporary', 'fault'] as const;
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
  references?: { relation: 'regions' | 'customers' | 'work_orders'; column: string };
  defaultTo?: number | boolean;
  /** a count that cannot be negative */
  nonNegative?: boolean;
  /** the exporter filters on this column, so the demo migrations index it */
  indexed?: boolean;
}

const col = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ type, nullable: false, ...extra });
const nullable = (type: ColumnType, extra: Partial<Column> = {}): Column =>
  col(type, { ...extra, nullable: true });
const ts = (extra: Partial<Column> = {}): Column => col('timestamptz', { indexed: true, ...extra });
const nullableTs = (extra: Partial<Column> = {}): Column => ts({ ...extra, nullable: true });
const regionRef = { relation: 'regions', column: 'id' } as const;

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
} as const satisfies Record<string, Record<string, Column>>;

export type RelationName = keyof typeof CONTRACT;
export const RELATIONS = Object.keys(CONTRACT) as RelationName[];

export function columnsOf(relation: RelationName): [string, Column][] {
  return Object.entries(CONTRACT[relation]) as [string, Column][];
}
