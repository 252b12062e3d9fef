import { ARREARS_DAYS, AS_OF_SQL, LONG_OUTAGE_HOURS, transformSql, type Feature } from './features';

/**
 * The SQL of the features, written once and used twice: by the tool to read its sample and by the
 * emitted view to assign every customer. Relation names are unqualified: the tool sets search_path
 * to the CRM schema, the DBA creates the view in it.
 */

export interface FeatureQueryOptions {
  features: readonly Feature[];
  windowMonths: number;
  /** read only this many customers, chosen at random by `seed` (the sample); omitted: all */
  sample?: { size: number; seed: number };
}

/** Active at the instant the features describe. */
export const ACTIVE = `opened_at <= ${AS_OF_SQL} and (closed_at is null or closed_at > ${AS_OF_SQL})`;

function windowOf(column: string, windowMonths: number): string {
  return `${column} > ${AS_OF_SQL} - interval '${windowMonths} months' and ${column} <= ${AS_OF_SQL}`;
}

const reads = (features: readonly Feature[], relation: string): boolean =>
  features.some((f) => f.needs.some((s) => s.relation === relation));

/** `with population, wo, oc, ar, features`: one row per active customer, one column per feature. */
export function featuresCte({ features, windowMonths, sample }: FeatureQueryOptions): string {
  const customerColumns = new Set(['id', 'opened_at']);
  for (const f of features)
    for (const s of f.needs) if (s.relation === 'customers') s.columns.forEach((c) => customerColumns.add(c));
  // md5 of id and seed: a random sample that is the same for the same data and seed
  const sampling = sample
    ? `\n    order by md5(id::text || ':' || '${Math.trunc(sample.seed)}') limit ${Math.trunc(sample.size)}`
    : '';
  const parts = [
    `population as (\n    select ${[...customerColumns].join(', ')} from customers where ${ACTIVE}${sampling}\n  )`,
  ];
  const joins: string[] = [];
  const ofPopulation = 'customer_id in (select id from population)';
  if (reads(features, 'work_orders')) {
    parts.push(`wo as (
    select customer_id,
      count(*) filter (where type = 'complaint') as complaints,
      count(*) filter (where type = 'complaint' and substantiated) as substantiated_complaints,
      count(*) filter (where type = 'complaint' and is_repeat) as repeat_complaints,
      count(*) as work_orders,
      count(*) filter (where type = 'repair') as repairs
    from work_orders
    where ${ofPopulation} and ${windowOf('accepted_at', windowMonths)}
    group by customer_id
  )`);
    joins.push('left join wo on wo.customer_id = p.id');
  }
  if (reads(features, 'outage_customers')) {
    parts.push(`oc as (
    select oc.customer_id,
      count(*) as outages,
      count(*) filter (
        where coalesce(o.end_at, ${AS_OF_SQL}) - o.start_at >= interval '${LONG_OUTAGE_HOURS} hours'
      ) as long_outages
    from outage_customers oc join outages o on o.id = oc.outage_id
    where oc.${ofPopulation} and o.cancelled_at is null and ${windowOf('o.start_at', windowMonths)}
    group by oc.customer_id
  )`);
    joins.push('left join oc on oc.customer_id = p.id');
  }
  if (reads(features, 'arrears')) {
    // a bill counts when it passed its 60th day unpaid inside the window
    const overdue = `due_at + interval '${ARREARS_DAYS} days'`;
    parts.push(`ar as (
    select customer_id, count(*) as bills, sum(amount_fen) as amount_fen
    from arrears
    where ${ofPopulation} and ${windowOf(overdue, windowMonths)}
      and (settled_at is null or settled_at > ${overdue})
    group by customer_id
  )`);
    joins.push('left join ar on ar.customer_id = p.id');
  }
  const columns = features.map((f) => `(${f.sql})::float8 as ${f.key}`);
  parts.push(
    `features as (\n    select p.id as customer_id,\n      ${columns.join(',\n      ')}\n    from population p\n    ${joins.join('\n    ')}\n  )`,
  );
  return `with ${parts.join(',\n  ')}`;
}

/** The sample the model is fitted on: raw feature values, ordered by customer for determinism. */
export function sampleQuery(
  options: FeatureQueryOptions & { sample: { size: number; seed: number } },
): string {
  return `${featuresCte(options)}\nselect * from features order by customer_id`;
}

export interface Scaling {
  mean: number;
  scale: number;
}

export interface ViewSegment {
  code: string;
  name: string;
  /** standardized centroid, one value per feature in `features` order */
  centroid: number[];
}

/** SQL literal of a JS number: shortest round-trip text, never NaN or Infinity. */
function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

function textLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `CREATE VIEW customer_segments`: the same features, standardized, the nearest centroid. */
export function viewSql(options: {
  features: readonly Feature[];
  scaling: readonly Scaling[];
  segments: readonly ViewSegment[];
  windowMonths: number;
}): string {
  const { features, scaling, segments, windowMonths } = options;
  const standardized = features.map((f, i) => {
    const s = scaling[i]!;
    return `(${transformSql(f, `f.${f.key}`)} - ${numberLiteral(s.mean)}) / ${numberLiteral(s.scale)} as ${f.key}`;
  });
  const rows = segments.map((segment, row) => {
    const values = segment.centroid.map((v) => `${numberLiteral(v)}${row === 0 ? '::float8' : ''}`);
    return `(${[textLiteral(segment.code), textLiteral(segment.name), ...values].join(', ')})`;
  });
  const distance = features.map((f) => `power(z.${f.key} - c.${f.key}, 2)`).join(' + ');
  return `${[
    '-- Customer segments proposed by @service-kpi-monitor/segments: run in the CRM schema.',
    `-- Features over the ${windowMonths} months before the start of the current day, standardized;`,
    '-- each active customer goes to the nearest centroid.',
    'create view customer_segments (customer_id, segment, segment_name) as',
    featuresCte({ features, windowMonths }),
    `, standardized as (\n    select f.customer_id,\n      ${standardized.join(',\n      ')}\n    from features f\n  )`,
    'select z.customer_id, nearest.segment, nearest.segment_name',
    'from standardized z',
    'cross join lateral (',
    '  select c.segment, c.segment_name',
    `  from (values\n    ${rows.join(',\n    ')}\n  ) as c (segment, segment_name, ${features.map((f) => f.key).join(', ')})`,
    `  order by ${distance}, c.segment`,
    '  limit 1',
    ') nearest;',
  ].join('\n')}\n`;
}
