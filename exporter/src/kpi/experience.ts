/**
 * The per-customer outage experience (metrics.md v2): how many distinct outages cut each active
 * customer off in a trailing window, and whether one of them was long. These gauges slide with time
 * over a large relation, so they cannot settle like the terms of the incremental refresh: one query
 * computes them in full, in the database, on a schedule of their own (experience_interval).
 */
import type { Config } from '../config';
import { FULL_CONTRACT, type Available } from '../db/available';
import type { Family, Measure } from './model';
import {
  OUTAGES_PER_CUSTOMER,
  SOURCES,
  labelExpression,
  rowChecks,
  sourceChecks,
  type RowCheck,
} from './sources';
import { GROUPED_ALIAS, checkedPerGroup, labelValueChecks } from './sql';
import { ALIASES, PARAM, PARAMS_ALIAS, REGION_MAP, REGION_MAP_ALIAS, columnRefs, seconds } from './sql-text';
import type { FamilyRow } from './values';

const o = columnRefs('outages');
const oc = columnRefs('outage_customers');
const c = columnRefs('customers');

/** the per-customer subquery: its alias and its count of outages, which the `outages` label reads */
const [alias, outages] = OUTAGES_PER_CUSTOMER.split('.') as [string, string];
const PER_CUSTOMER = { alias, outages, long: `${alias}.long` } as const;

const gauge = (metric: string, help: string): Measure => ({ metric, type: 'gauge', help, add: [] });

const active = `${c.opened_at.sql} <= ${PARAM.t} and (${c.closed_at.sql} is null or ${c.closed_at.sql} > ${PARAM.t})`;
const happened = `not (${o.cancelled_at.sql} is not null and ${o.cancelled_at.sql} <= ${o.start_at.sql})`;

/** The two experience families: they share the one query of the outage_customers source. */
export function experienceFamilies(config: Config): Family[] {
  const window = `start_at in the last ${config.experience_window / 86400} days`;
  return [
    {
      name: 'outage_experience',
      source: 'outage_customers',
      labels: ['region', 'segment', 'outages'],
      rows: active,
      measures: [
        gauge(
          'crm_customers_outage_experience',
          `Active customers cut off by 1, 2 or 3+ distinct outages (not cancelled before they started) with ${window}; refreshed every experience_interval.`,
        ),
      ],
    },
    {
      name: 'long_outage_customers',
      source: 'outage_customers',
      labels: ['region', 'segment'],
      rows: active,
      measures: [
        gauge(
          'crm_customers_long_outage',
          `Active customers cut off at least once, by an outage with ${window}, that lasted longer than limits.long_outage (until now while it goes on); refreshed every experience_interval.`,
        ),
      ],
    },
  ];
}

/** What the experience query counts per label combination of the customers. */
const COLUMNS = { customers: 'customers', long: 'long_outage' } as const;

const passes = (checks: RowCheck[]) => checks.map((check) => `(${check.invalidWhen}) is not true`);

/** The region map once more, for the outages' own region check inside the per-customer subquery. */
const OUTAGE_REGION_MAP = 'orm';

/**
 * The experience query: outages started in the window are grouped per customer inside the database
 * (distinct outages, any long one), then those customers by their labels. Only label combinations
 * come back. Bindings: t, the latest plausible timestamp, the region map as two arrays.
 */
export function experienceQuery(
  config: Config,
  schema: string,
  available: Available = FULL_CONTRACT,
): string {
  const table = (relation: keyof typeof ALIASES) => `"${schema}"."${relation}" ${ALIASES[relation]}`;
  const bound = (name: string) => `(select ${name} from ${PARAMS_ALIAS})`;
  const regionMap = (alias: string) =>
    `unnest(${bound('region_ids')}, ${bound('label_regions')}) as ${alias}(id, label)`;
  const limit = seconds(config.limits.long_outage);
  const long = `${o.start_at.sql} + ${limit} < ${PARAM.t} and (${o.end_at.sql} is null or ${o.end_at.sql} > ${o.start_at.sql} + ${limit})`;
  const outageValid = passes(rowChecks('outages', `${OUTAGE_REGION_MAP}.id`, available));
  const customerChecks = rowChecks('customers', REGION_MAP.id, available);
  // a label value is checked once per group, as the source queries do
  const customerValid = passes(customerChecks.filter((check) => !check.labelValue));
  const source = SOURCES.outage_customers;
  const segment = labelExpression(source, 'segment');
  const labelValid = labelValueChecks(customerChecks, (column) => {
    if (column !== segment) throw new Error(`no label holds ${column}`);
    return `${GROUPED_ALIAS}."segment"`;
  }).pass;
  const labels = [
    `${labelExpression(source, 'region')} as "region"`,
    `${labelExpression(source, 'segment')} as "segment"`,
    `${labelExpression(source, 'outages')} as "outages"`,
  ];
  const grouped = [
    `with ${PARAMS_ALIAS} as (select ?::timestamptz as t, ?::timestamptz as horizon, ?::text[] as region_ids, ?::text[] as label_regions),`,
    `${PER_CUSTOMER.alias} as (`,
    `  select ${oc.customer_id.sql} as customer_id, count(distinct ${o.id.sql}) as ${PER_CUSTOMER.outages}, bool_or(${long}) as long`,
    `  from ${PARAMS_ALIAS}, ${table('outages')}`,
    `  join ${table('outage_customers')} on ${oc.outage_id.sql} = ${o.id.sql}`,
    `  left join ${regionMap(OUTAGE_REGION_MAP)} on ${OUTAGE_REGION_MAP}.id = ${o.region_id.sql}`,
    `  where ${o.start_at.sql} <= ${PARAM.t} and ${o.start_at.sql} > ${PARAM.t} - ${seconds(config.experience_window)}`,
    `    and ${[happened, ...outageValid].join('\n    and ')}`,
    `  group by ${oc.customer_id.sql}`,
    `)`,
    `select ${labels.join(',\n  ')},`,
    `  count(*) as ${COLUMNS.customers}, count(*) filter (where ${PER_CUSTOMER.long}) as ${COLUMNS.long}`,
    `from ${PARAMS_ALIAS}, ${PER_CUSTOMER.alias}`,
    `join ${table('customers')} on ${c.id.sql} = ${PER_CUSTOMER.alias}.customer_id`,
    `left join ${regionMap(REGION_MAP_ALIAS)} on ${REGION_MAP.id} = ${c.region_id.sql}`,
    `where ${[active, ...customerValid].join('\n  and ')}`,
    `group by 1, 2, 3`,
  ].join('\n');
  return checkedPerGroup(grouped, labelValid);
}

/** The outage_customers rows naming no outage or no customer, by reason. Bindings: none. */
export function experienceInvalidQuery(schema: string, available: Available = FULL_CONTRACT): string {
  const table = (relation: keyof typeof ALIASES) => `"${schema}"."${relation}" ${ALIASES[relation]}`;
  const reasons = sourceChecks(SOURCES.outage_customers, available)
    .map((check) => `when ${check.invalidWhen} then '${check.reason}'`)
    .join('\n    ');
  return [
    `select reason, count(*) as n from (`,
    `  select case\n    ${reasons}\n  end as reason`,
    `  from ${table('outage_customers')}`,
    `  left join ${table('outages')} on ${o.id.sql} = ${oc.outage_id.sql}`,
    `  left join ${table('customers')} on ${c.id.sql} = ${oc.customer_id.sql}`,
    `) checked where reason is not null group by reason`,
  ].join('\n');
}

type Row = Record<string, unknown>;

/** The experience query's rows as the two families' rows. */
export function decodeExperience(rows: Row[]): Map<string, FamilyRow[]> {
  const experience: FamilyRow[] = [];
  const long = new Map<string, FamilyRow>();
  for (const row of rows) {
    const region = String(row.region);
    const segment = String(row.segment);
    const customers = Number(row[COLUMNS.customers]);
    experience.push({
      labels: { region, segment, outages: String(row.outages) },
      rows: customers,
      values: [customers],
    });
    const key = JSON.stringify([region, segment]);
    const sum = long.get(key) ?? { labels: { region, segment }, rows: 0, values: [0] };
    sum.rows += customers;
    sum.values[0] = (sum.values[0] as number) + Number(row[COLUMNS.long]);
    long.set(key, sum);
  }
  return new Map([
    ['outage_experience', experience],
    ['long_outage_customers', [...long.values()]],
  ]);
}

/** Invalid outage_customers rows by reason. */
export const decodeInvalid = (rows: Row[]): Map<string, number> =>
  new Map(rows.map((row) => [String(row.reason), Number(row.n)]));

/** The columns the experience query finds its rows by: each wants a btree index leading with it. */
export const EXPERIENCE_INDEXED = [o.start_at, oc.outage_id];

/** The experience schedule's two queries, by the `family` label of the refresh self-metrics. */
export const EXPERIENCE_QUERIES = {
  families: 'outage_customers',
  invalid: 'invalid_outage_customers',
} as const satisfies Record<string, string>;
