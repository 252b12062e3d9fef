/**
 * Rows shaped like the relations of shared/docs/crm-schema.md, as plain JS values (timestamps are Dates).
 * Written from the document, not from the exporter's code: this is the independent side of the check.
 */

export interface RegionRow {
  id: string;
  name: string;
  parent_id: string | null;
  level: string;
}

export interface CustomerRow {
  id: number;
  region_id: string;
  segment: string;
  area_class: string;
  sensitivity: number;
  opened_at: Date;
  closed_at: Date | null;
  /** v2, optional column: absent from a row = the column's default (null) */
  credit_grade?: string | null;
  /** v2, optional column: absent = false */
  vulnerable?: boolean;
}

export interface WorkOrderRow {
  id: number;
  type: string;
  channel: string;
  customer_id: number | null;
  region_id: string;
  segment: string;
  area_class: string;
  accepted_at: Date;
  deadline_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  returned_count: number;
  needs_visit: boolean;
  arrived_at: Date | null;
  restored_at: Date | null;
  substantiated: boolean | null;
  is_repeat: boolean;
  /** v2, optional columns: absent = false, null */
  proactive?: boolean;
  escalated_at?: Date | null;
  remediation_due_at?: Date | null;
  remediated_at?: Date | null;
}

export interface OutageRow {
  id: number;
  region_id: string;
  kind: string;
  area_class: string;
  affected_customers: number;
  notified_at: Date | null;
  start_at: Date;
  planned_end_at: Date | null;
  end_at: Date | null;
  info_reported_at: Date | null;
  restore_reported_at: Date | null;
  info_valid: boolean | null;
  /** v2, optional column: absent = null */
  restore_info_valid?: boolean | null;
  cancelled_at: Date | null;
}

export interface CallbackRow {
  id: number;
  work_order_id: number;
  called_at: Date;
  reached: boolean;
  satisfaction: string | null;
}

export interface ConnectionApplicationRow {
  id: number;
  region_id: string;
  segment: string;
  customer_class: string;
  accepted_at: Date;
  deadline_at: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

/** v2, optional relation: 95598 hotline calls */
export interface CallRow {
  id: number;
  region_id: string;
  queue: string;
  offered_at: Date;
  answered_at: Date | null;
  abandoned_at: Date | null;
  called_back_at: Date | null;
}

/** v2, optional relation: bills unpaid at their due date, amounts in fen */
export interface ArrearsRow {
  id: number;
  customer_id: number;
  region_id: string;
  segment: string;
  due_at: Date;
  amount_fen: number;
  settled_at: Date | null;
}

/** v2, optional relation: the stages of a new-connection application */
export interface ConnectionStageRow {
  application_id: number;
  stage: string;
  started_at: Date;
  deadline_at: Date;
  completed_at: Date | null;
}

/** v2: who each outage cut off */
export interface OutageCustomerRow {
  outage_id: number;
  customer_id: number;
}

export interface Dataset {
  regions: RegionRow[];
  customers: CustomerRow[];
  work_orders: WorkOrderRow[];
  outages: OutageRow[];
  callbacks: CallbackRow[];
  connection_applications: ConnectionApplicationRow[];
  /** v2, optional relations: absent = the CRM has none (a v1 CRM does not have the relation) */
  calls?: CallRow[];
  arrears?: ArrearsRow[];
  connection_stages?: ConnectionStageRow[];
  /** v2, optional relation: absent in a v1 CRM */
  outage_customers?: OutageCustomerRow[];
}

export type RelationName = keyof Dataset;

/** Load order that satisfies the foreign keys (regions → customers → work_orders → callbacks). */
export const RELATION_LOAD_ORDER: RelationName[] = [
  'regions',
  'customers',
  'work_orders',
  'callbacks',
  'outages',
  'connection_applications',
  'calls',
  'arrears',
  'connection_stages',
  'outage_customers',
];

export function emptyDataset(): Dataset {
  return {
    regions: [],
    customers: [],
    work_orders: [],
    outages: [],
    callbacks: [],
    connection_applications: [],
  };
}

/** A row that breaks the contract on purpose (a null where one is forbidden, a value outside its set). */
export function corrupt<Row extends object>(row: Row, changes: Record<string, unknown>): Row {
  return { ...row, ...changes } as Row;
}
