import type {
  AREA_CLASSES,
  CREDIT_GRADES,
  CUSTOMER_CLASSES,
  OUTAGE_KINDS,
  SATISFACTIONS,
  WORK_ORDER_TYPES,
} from '@service-kpi-monitor/exporter/contract';

/** Plain rows as the generators produce them; times are epoch milliseconds, absent values null. */
export type AreaClass = (typeof AREA_CLASSES)[number];
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];
export type OutageKind = (typeof OUTAGE_KINDS)[number];
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
export type Satisfaction = (typeof SATISFACTIONS)[number];
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export type Millis = number;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface CustomerRow {
  id: number;
  region_id: string;
  segment: string;
  area_class: AreaClass;
  sensitivity: number;
  opened_at: Millis;
  closed_at: Millis | null;
  credit_grade: CreditGrade | null;
  vulnerable: boolean;
}

export interface WorkOrderRow {
  id: number;
  type: WorkOrderType;
  channel: string;
  customer_id: number | null;
  region_id: string;
  segment: string;
  area_class: AreaClass;
  accepted_at: Millis;
  deadline_at: Millis | null;
  closed_at: Millis | null;
  cancelled_at: Millis | null;
  returned_count: number;
  needs_visit: boolean;
  arrived_at: Millis | null;
  restored_at: Millis | null;
  substantiated: boolean | null;
  is_repeat: boolean;
  proactive: boolean;
  escalated_at: Millis | null;
  remediation_due_at: Millis | null;
  remediated_at: Millis | null;
}

export interface OutageRow {
  id: number;
  region_id: string;
  kind: OutageKind;
  area_class: AreaClass;
  affected_customers: number;
  notified_at: Millis | null;
  start_at: Millis;
  planned_end_at: Millis | null;
  end_at: Millis | null;
  info_reported_at: Millis | null;
  restore_reported_at: Millis | null;
  info_valid: boolean | null;
  restore_info_valid: boolean | null;
  cancelled_at: Millis | null;
}

export interface CallbackRow {
  id: number;
  work_order_id: number;
  called_at: Millis;
  reached: boolean;
  satisfaction: Satisfaction | null;
}

export interface ConnectionRow {
  id: number;
  region_id: string;
  segment: string;
  customer_class: CustomerClass;
  accepted_at: Millis;
  deadline_at: Millis;
  completed_at: Millis | null;
  cancelled_at: Millis | null;
}

/**
 * Segments with their share of accounts by the area class of the place: five groups of comparable size
 * (kpis.md "Segments", at most 7): residential accounts by tariff (城镇居民, 乡村居民) and by use (high-use
 * households on the upper tiers), business (工商业: commercial, industrial, key accounts) and the rest
 * (农业及公用: agriculture, public services, other).
 */
export const SEGMENT_SHARES = {
  urban: [
    ['urban_residential', 58],
    ['high_use_residential', 22],
    ['commercial', 14],
    ['public_agricultural', 6],
  ],
  rural: [
    ['rural_residential', 78],
    ['high_use_residential', 6],
    ['commercial', 7],
    ['public_agricultural', 9],
  ],
  remote: [
    ['rural_residential', 84],
    ['high_use_residential', 3],
    ['commercial', 4],
    ['public_agricultural', 9],
  ],
} as const satisfies Record<AreaClass, readonly (readonly [string, number])[]>;

/** Larger accounts call more often: relative work orders per account (at most 4). */
export const SEGMENT_PROPENSITY: Readonly<Record<string, number>> = {
  urban_residential: 0.8,
  rural_residential: 1,
  high_use_residential: 3,
  commercial: 4,
  public_agricultural: 2,
};

/** Share of work orders by type (95598 practice: consultations most, repairs next, complaints a few %). */
export const TYPE_SHARES: readonly (readonly [WorkOrderType, number])[] = [
  ['consultation', 42],
  ['repair', 26],
  ['service_request', 12],
  ['urge', 5],
  ['report', 4],
  ['complaint', 3.5],
  ['opinion', 3.5],
  ['praise', 2.5],
  ['suggestion', 1.5],
];

/** Closure limits in working days; praise has no deadline. */
export const TYPE_WORKING_DAYS: Readonly<Record<WorkOrderType, number | null>> = {
  consultation: 1,
  complaint: 6,
  report: 3,
  opinion: 5,
  suggestion: 5,
  praise: null,
  repair: 1,
  service_request: 5,
  urge: 1,
};

export const CHANNEL_SHARES = {
  repair: [
    ['hotline', 75],
    ['app', 12],
    ['wechat', 10],
    ['online', 3],
  ],
  other: [
    ['hotline', 50],
    ['app', 22],
    ['wechat', 14],
    ['online', 10],
    ['counter', 4],
  ],
} as const;

/** The service commitments the data is generated around (kpis.md defaults). */
export const ARRIVAL_LIMIT: Readonly<Record<AreaClass, number>> = {
  urban: 45 * MINUTE,
  rural: 90 * MINUTE,
  remote: 120 * MINUTE,
};
export const RESTORATION_LIMIT: Readonly<Record<AreaClass, number>> = {
  urban: 3 * HOUR,
  rural: 4 * HOUR,
  remote: 4 * HOUR,
};
export const CONNECTION_WORKING_DAYS: Readonly<Record<CustomerClass, number>> = {
  residential: 5,
  low_voltage: 6,
  hv_single: 22,
  hv_dual: 32,
};
