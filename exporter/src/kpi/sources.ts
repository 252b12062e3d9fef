import { FULL_CONTRACT, hasColumn, type Available } from '../db/available';
import { DEFAULT_ARREARS_OVER } from '../config/schema';
import { CONNECTION_STAGES, CREDIT_GRADES, columnsOf, type RelationName } from '../db/contract';
import type { LabelName, Source, SourceName } from './model';
import { REGION_REJECT_REASONS } from './regions';
import { notUtf8Sql, unprintableSql } from './label-text';
import { ALIASES, FAN_OUT, PARAM, REGION_MAP, columnRefs } from './sql-text';

const workOrders = columnRefs('work_orders');
const callbacks = columnRefs('callbacks');
const customers = columnRefs('customers');
const applications = columnRefs('connection_applications');
const stages = columnRefs('connection_stages');
const arrears = columnRefs('arrears');
/** bills of known customers, with the customer's credit grade now */
const billsOfCustomers = {
  relation: 'arrears',
  joined: { relation: 'customers', on: `${customers.id.sql} = ${arrears.customer_id.sql}` },
  labelsFrom: 'arrears',
  anchor: arrears.due_at,
} as const satisfies Source;

export const SOURCES: Record<SourceName, Source> = {
  customers: { relation: 'customers', labelsFrom: 'customers', anchor: columnRefs('customers').opened_at },
  work_orders: { relation: 'work_orders', labelsFrom: 'work_orders', anchor: workOrders.accepted_at },
  // work orders of known customers, with what the customer is now (sensitivity)
  customer_work_orders: {
    relation: 'work_orders',
    joined: { relation: 'customers', on: `${customers.id.sql} = ${workOrders.customer_id.sql}` },
    labelsFrom: 'work_orders',
    anchor: workOrders.accepted_at,
  },
  callbacks: {
    relation: 'callbacks',
    joined: { relation: 'work_orders', on: `${workOrders.id.sql} = ${callbacks.work_order_id.sql}` },
    labelsFrom: 'work_orders',
    anchor: callbacks.called_at,
  },
  outages: { relation: 'outages', labelsFrom: 'outages', anchor: columnRefs('outages').start_at },
  connection_applications: {
    relation: 'connection_applications',
    labelsFrom: 'connection_applications',
    anchor: applications.accepted_at,
  },
  calls: { relation: 'calls', labelsFrom: 'calls', anchor: columnRefs('calls').offered_at },
  // a stage's region, segment, customer class and cancellation are its application's
  connection_stages: {
    relation: 'connection_stages',
    joined: {
      relation: 'connection_applications',
      on: `${applications.id.sql} = ${stages.application_id.sql}`,
    },
    labelsFrom: 'connection_applications',
    anchor: stages.started_at,
  },
  // the first source of a relation checks its rows: an unknown customer makes a bill invalid
  arrears: billsOfCustomers,
  // the same bills once per age threshold (Family.fanOut)
  arrears_ageing: billsOfCustomers,
  // who each outage cut off, labelled by the customer: the per-customer experience (experience.ts)
  outage_customers: {
    relation: 'outage_customers',
    joined: {
      relation: 'customers',
      on: `${customers.id.sql} = ${columnRefs('outage_customers').customer_id.sql}`,
    },
    labelsFrom: 'customers',
    anchor: columnRefs('outages').start_at,
    schedule: 'experience_interval',
  },
};

/** Label columns whose values must be short, printable, non-empty strings to be publishable. */
const LABEL_COLUMNS = new Set(['segment', 'channel', 'queue']);
export const MAX_LABEL_LENGTH = 100;

/** Timestamps outside this range are data-entry errors (year 1900, year 9999), not events. */
export const PLAUSIBLE_SINCE = '1970-01-01T00:00:00Z';
export const PLAUSIBLE_YEARS_AHEAD = 10;

export interface RowCheck {
  /** SQL condition that is true when the row is invalid */
  invalidWhen: string;
  reason: string;
  /**
   * for checks of a label value alone (empty, oversized, unprintable): the column and the condition
   * on any expression holding its value, so a query can check each distinct value once, after grouping
   */
  labelValue?: { column: string; invalidWhen: (value: string) => string };
}

/** The latest plausible timestamp for an evaluation at t: PLAUSIBLE_YEARS_AHEAD later. */
export function plausibleUntil(t: Date): Date {
  const horizon = new Date(t);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + PLAUSIBLE_YEARS_AHEAD);
  return horizon;
}

/**
 * Why a row of a relation cannot be published, derived from the contract: a NOT NULL column that is
 * null, a code outside its closed set, a region the region tree does not know.
 */
export function rowChecks(
  relation: RelationName,
  regionKnown: string,
  available: Available = FULL_CONTRACT,
): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [column, c] of columnsOf(relation)) {
    if (!hasColumn(available, relation, column)) continue;
    const ref = `${ALIASES[relation]}.${column}`;
    if (!c.nullable) checks.push({ invalidWhen: `${ref} is null`, reason: `null_${column}` });
    if (c.oneOf) {
      const values = c.oneOf.map((v) => `'${v}'`).join(', ');
      checks.push({ invalidWhen: `${ref} not in (${values})`, reason: `unknown_${column}` });
    }
    if (c.nonNegative) checks.push({ invalidWhen: `${ref} < 0`, reason: `negative_${column}` });
    if (c.type === 'timestamptz') {
      checks.push({
        invalidWhen: `${ref} < '${PLAUSIBLE_SINCE}' or ${ref} > ${PARAM.horizon}`,
        reason: `implausible_${column}`,
      });
    }
    if (LABEL_COLUMNS.has(column)) {
      const valueChecks: [string, (value: string) => string][] = [
        [`empty_${column}`, (v) => `${v} = ''`],
        [`oversized_${column}`, (v) => `length(${v}) > ${MAX_LABEL_LENGTH}`],
        [`not_utf8_${column}`, notUtf8Sql],
        [`unprintable_${column}`, unprintableSql],
      ];
      for (const [reason, when] of valueChecks)
        checks.push({ invalidWhen: when(ref), reason, labelValue: { column: ref, invalidWhen: when } });
    }
    if (c.references?.relation === 'regions') {
      checks.push({
        invalidWhen: `${ref} is not null and ${regionKnown} is null`,
        reason: `unknown_${column}`,
      });
    }
  }
  return checks;
}

/** A reference to a row of another relation (not a region) that is not there. */
function referenceChecks(relation: RelationName): RowCheck[] {
  return columnsOf(relation).flatMap(([column, c]) =>
    c.references && c.references.relation !== 'regions'
      ? [
          {
            invalidWhen: `${ALIASES[c.references.relation]}.${c.references.column} is null`,
            reason: `unknown_${column}`,
          },
        ]
      : [],
  );
}

/** Every check of a source's rows, including those of the relation its labels come from. */
export function sourceChecks(source: Source, available: Available = FULL_CONTRACT): RowCheck[] {
  const regionKnown = REGION_MAP.id;
  const own = rowChecks(source.relation, regionKnown, available);
  // a scheduled source's query joins every relation its rows reference: a row naming none is invalid
  if (source.schedule) return [...own, ...referenceChecks(source.relation)];
  if (!source.joined) return own;
  return [
    ...own,
    {
      invalidWhen: `${ALIASES[source.joined.relation]}.id is null`,
      reason: `unknown_${source.joined.relation.replace(/s$/, '')}_id`,
    },
    ...rowChecks(source.joined.relation, regionKnown, available)
      .filter((check) => check.reason !== 'null_id')
      .map((check) => ({ ...check, reason: `invalid_${source.joined?.relation.replace(/s$/, '')}` })),
  ];
}

/** The `over` label of an age threshold in seconds: whole days, `30d`. */
export const overLabel = (seconds: number): string => `${seconds / 86400}d`;
/** the experience query's per-customer count of outages, under its subquery's alias */
export const OUTAGES_PER_CUSTOMER = 'x.outages';

/** the credit_grade of a customer the CRM has not graded */
export const UNGRADED = 'ungraded';

/** Labels computed from a column rather than read as it is, and the closed set of their values. */
export const DERIVED_LABELS: Partial<
  Record<LabelName, { sql: (alias: string) => string; values: readonly string[] }>
> = {
  // the sensitive customers' star grade; 0 (not sensitive) is no grade
  stars: { sql: (alias) => `${alias}.sensitivity::text`, values: ['1', '2', '3', '4', '5'] },
  // the customer's grade, also for the bills joined to their customer
  credit_grade: {
    sql: () => `coalesce(${customers.credit_grade.sql}, '${UNGRADED}')`,
    values: [...CREDIT_GRADES, UNGRADED],
  },
  // a stage's own column, while its other labels are its application's
  stage: { sql: () => stages.stage.sql, values: CONNECTION_STAGES },
  // the age threshold a bill is counted at (values of the default config)
  over: { sql: () => FAN_OUT.value, values: DEFAULT_ARREARS_OVER.map(overLabel) },
  // the distinct outages that cut a customer off in the experience window (experience.ts)
  outages: {
    sql: () => `(case when ${OUTAGES_PER_CUSTOMER} >= 3 then '3+' else ${OUTAGES_PER_CUSTOMER}::text end)`,
    values: ['1', '2', '3+'],
  },
};
export function labelExpression(source: Source, label: LabelName): string {
  const alias = ALIASES[source.labelsFrom];
  if (label === 'region') return REGION_MAP.label;
  return DERIVED_LABELS[label]?.sql(alias) ?? `${alias}.${label}`;
}

/** Every reason a row of each relation can be skipped for, per relation. */
export function invalidRowReasons(available: Available = FULL_CONTRACT): Map<string, string[]> {
  const reasons = new Map<string, string[]>([['regions', [...REGION_REJECT_REASONS]]]);
  for (const source of Object.values(SOURCES)) {
    // a relation's own source comes first; others read it joined to more (its invalid rows are its own)
    if (!available.has(source.relation) || reasons.has(source.relation)) continue;
    const checks = sourceChecks(source, available);
    reasons.set(source.relation, [...new Set(checks.map((check) => check.reason))]);
  }
  return reasons;
}
