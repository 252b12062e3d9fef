import { CONTRACT, type RelationName } from '../db/contract';

/**
 * The names every SQL fragment shares, declared once: the alias of each relation, the parameters
 * relation `p`, the region map `rm`. Fragments import these instead of spelling `wo.` or `p.t`.
 */
export const ALIASES = {
  regions: 'r',
  customers: 'c',
  work_orders: 'wo',
  callbacks: 'cb',
  outages: 'o',
  connection_applications: 'ca',
  calls: 'cl',
  arrears: 'ar',
  outage_customers: 'oc',
  connection_stages: 'cs',
} as const satisfies Record<RelationName, string>;

/** The one-row relation holding a query's bindings: t, the watermarks w and w0, the horizon. */
export const PARAMS_ALIAS = 'p';
export const PARAM = {
  /** the evaluation time */
  t: `${PARAMS_ALIAS}.t`,
  /** the new watermark: moments up to it are settled */
  w: `${PARAMS_ALIAS}.w`,
  /** the previous watermark (null in a full recount) */
  w0: `${PARAMS_ALIAS}.w0`,
  /** the latest plausible timestamp */
  horizon: `${PARAMS_ALIAS}.horizon`,
} as const;

/** The region map (row region id → label region id) joined into every query. */
export const REGION_MAP_ALIAS = 'rm';
export const REGION_MAP = { id: `${REGION_MAP_ALIAS}.id`, label: `${REGION_MAP_ALIAS}.label` } as const;

/** The thresholds a fanned-out source counts each row at (model.ts FanOut): label value and lag. */
export const FAN_OUT_ALIAS = 'ov';
export const FAN_OUT = { value: `${FAN_OUT_ALIAS}.value`, lag: `${FAN_OUT_ALIAS}.lag` } as const;

export type ColumnName<R extends RelationName> = keyof (typeof CONTRACT)[R] & string;

/** A column of a contract relation, and how a query names it under the relation's alias. */
export interface ColumnRef {
  relation: RelationName;
  name: string;
  sql: string;
}

/** Every column of a relation under its alias: `workOrders.closed_at.sql` is `wo.closed_at`. */
export function columnRefs<R extends RelationName>(relation: R): Readonly<Record<ColumnName<R>, ColumnRef>> {
  const names = Object.keys(CONTRACT[relation]) as ColumnName<R>[];
  const refs = names.map((name): [ColumnName<R>, ColumnRef] => [
    name,
    { relation, name, sql: `${ALIASES[relation]}.${name}` },
  ]);
  return Object.fromEntries(refs) as Record<ColumnName<R>, ColumnRef>;
}

/** An SQL interval of so many seconds (negative ones too: offsets can point back in time). */
export function seconds(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`invalid number of seconds: ${value}`);
  return `interval '${value} seconds'`;
}
