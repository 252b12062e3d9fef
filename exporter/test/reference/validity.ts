/**
 * Which rows the contract lets through, read literally from crm-schema.md: a row with a null in a
 * NOT NULL column, an enum value outside its closed set, or a reference to a region (or work order)
 * that is not there (or was itself skipped) is left out of every metric.
 *
 * crm-schema.md also lets the exporter skip other rows that make no sense ("a timestamp far in the
 * future: skip or bucket them"); the exporter's choices, mirrored here so the comparison stays exact:
 * a timestamp before 1970 or more than 10 years after t, a negative count, and a segment or channel
 * that cannot be a label value (empty, over 100 characters, control characters).
 */
import type { Dataset, RegionRow, RelationName } from './rows';

interface RelationRules {
  notNull: string[];
  closedSets: Record<string, readonly string[]>;
}

/**
 * v2 columns with a default: a row that does not set one (rows written before v2, a CRM view without
 * the column) has the default, never a null.
 */
const V2_DEFAULTED = new Set(['vulnerable', 'proactive']);

export const REGION_LEVELS = ['grid', 'station', 'county', 'city', 'province'] as const; // lowest first
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

const RULES: Record<RelationName, RelationRules> = {
  regions: { notNull: ['id', 'name', 'level'], closedSets: { level: REGION_LEVELS } },
  customers: {
    notNull: ['id', 'region_id', 'segment', 'area_class', 'sensitivity', 'opened_at', 'vulnerable'],
    closedSets: { area_class: ['urban', 'rural', 'remote'], credit_grade: ['A', 'B', 'C', 'D'] },
  },
  work_orders: {
    notNull: [
      'id',
      'type',
      'channel',
      'region_id',
      'segment',
      'area_class',
      'accepted_at',
      'returned_count',
      'needs_visit',
      'is_repeat',
      'proactive',
    ],
    closedSets: {
      type: WORK_ORDER_TYPES,
      area_class: ['urban', 'rural', 'remote'],
    },
  },
  outages: {
    notNull: ['id', 'region_id', 'kind', 'area_class', 'affected_customers', 'start_at'],
    closedSets: {
      kind: ['planned', 'temporary', 'fault', 'load_shedding', 'breach', 'arrears'],
      area_class: ['urban', 'rural', 'remote'],
    },
  },
  callbacks: {
    notNull: ['id', 'work_order_id', 'called_at', 'reached'],
    closedSets: { satisfaction: ['satisfied', 'basically_satisfied', 'dissatisfied'] },
  },
  connection_applications: {
    notNull: ['id', 'region_id', 'segment', 'customer_class', 'accepted_at', 'deadline_at'],
    closedSets: { customer_class: ['residential', 'low_voltage', 'hv_single', 'hv_dual'] },
  },
  calls: { notNull: ['id', 'region_id', 'queue', 'offered_at'], closedSets: {} },
  arrears: {
    notNull: ['id', 'customer_id', 'region_id', 'segment', 'due_at', 'amount_fen'],
    closedSets: {},
  },
  connection_stages: {
    notNull: ['application_id', 'stage', 'started_at', 'deadline_at'],
    closedSets: {
      stage: ['plan_reply', 'design_review', 'midway_inspection', 'completion_acceptance', 'connection'],
    },
  },
  outage_customers: { notNull: ['outage_id', 'customer_id'], closedSets: {} },
};

const COUNTS = ['returned_count', 'affected_customers', 'sensitivity', 'amount_fen'];
const LABEL_VALUES = ['segment', 'channel', 'queue'];
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');

function plausible(values: Record<string, unknown>, t: Date): boolean {
  const latest = new Date(t);
  latest.setUTCFullYear(latest.getUTCFullYear() + 10);
  for (const value of Object.values(values)) {
    if (value instanceof Date && (value.getTime() < EARLIEST || value.getTime() > latest.getTime()))
      return false;
  }
  if (COUNTS.some((column) => typeof values[column] === 'number' && (values[column] as number) < 0))
    return false;
  return LABEL_VALUES.every((column) => {
    const value = values[column];
    return typeof value !== 'string' || (value !== '' && value.length <= 100 && !hasControlCharacter(value));
  });
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

function obeysColumns(relation: RelationName, row: object, t: Date): boolean {
  const values = row as Record<string, unknown>;
  const rules = RULES[relation];
  const missing = (column: string) =>
    values[column] === null || (values[column] === undefined && !V2_DEFAULTED.has(column));
  if (rules.notNull.some(missing)) return false;
  const inSets = Object.entries(rules.closedSets).every(([column, allowed]) => {
    const value = values[column];
    return value === null || value === undefined || allowed.includes(value as string);
  });
  return inSets && plausible(values, t);
}

export type ValidDataset = Dataset & { regionById: Map<string, RegionRow> };

/** The rows that count, and how many of each relation were left out. */
export function validRows(
  data: Dataset,
  t: Date,
): { valid: ValidDataset; skipped: Partial<Record<RelationName, number>> } {
  const regions = data.regions.filter((r) => obeysColumns('regions', r, t));
  const regionById = new Map(regions.map((r) => [r.id, r]));
  const inKnownRegion = (row: { region_id: string }) => regionById.has(row.region_id);
  const customers = data.customers.filter((r) => obeysColumns('customers', r, t) && inKnownRegion(r));
  const workOrders = data.work_orders.filter((r) => obeysColumns('work_orders', r, t) && inKnownRegion(r));
  const workOrderIds = new Set(workOrders.map((w) => w.id));
  const callbacks = data.callbacks.filter(
    (r) => obeysColumns('callbacks', r, t) && workOrderIds.has(r.work_order_id),
  );
  const outages = data.outages.filter((r) => obeysColumns('outages', r, t) && inKnownRegion(r));
  const connections = data.connection_applications.filter(
    (r) => obeysColumns('connection_applications', r, t) && inKnownRegion(r),
  );
  // v2 relations: a bill of an unknown (or skipped) customer, a stage of an unknown application
  const customerIds = new Set(customers.map((c) => c.id));
  const applicationIds = new Set(connections.map((a) => a.id));
  const calls = data.calls?.filter((r) => obeysColumns('calls', r, t) && inKnownRegion(r));
  const arrears = data.arrears?.filter(
    (r) => obeysColumns('arrears', r, t) && inKnownRegion(r) && customerIds.has(r.customer_id),
  );
  const stages = data.connection_stages?.filter(
    (r) => obeysColumns('connection_stages', r, t) && applicationIds.has(r.application_id),
  );
  // a row naming an outage or a customer the CRM does not have is skipped; one naming a row that is
  // itself skipped is not invalid, it just counts nowhere
  const outageIds = new Set(data.outages.map((o) => o.id));
  const anyCustomerIds = new Set(data.customers.map((c) => c.id));
  const outageCustomers = data.outage_customers?.filter(
    (r) =>
      obeysColumns('outage_customers', r, t) &&
      outageIds.has(r.outage_id) &&
      anyCustomerIds.has(r.customer_id),
  );
  const valid: ValidDataset = {
    regions,
    customers,
    work_orders: workOrders,
    outages,
    callbacks,
    connection_applications: connections,
    ...(calls ? { calls } : {}),
    ...(arrears ? { arrears } : {}),
    ...(stages ? { connection_stages: stages } : {}),
    ...(outageCustomers ? { outage_customers: outageCustomers } : {}),
    regionById,
  };
  const skipped: Partial<Record<RelationName, number>> = {};
  for (const relation of Object.keys(RULES) as RelationName[]) {
    const rows = data[relation];
    if (rows) skipped[relation] = rows.length - (valid[relation]?.length ?? 0);
  }
  return { valid, skipped };
}
