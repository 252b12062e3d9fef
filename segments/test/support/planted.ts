import type { Knex } from 'knex';
import { integerBetween, seededRandom } from './random';

/**
 * A CRM with planted groups of different sizes and distinct service experience, including the v2
 * parts (customers.credit_grade and .vulnerable, outage_customers, arrears) created here.
 * Every timestamp lies well inside the 12-month window and before the start of today.
 */

export const PLANTED = {
  quiet_urban: 1100,
  outage_rural: 800,
  arrears_low_credit: 600,
  vulnerable: 500,
} as const;
export type PlantedGroup = keyof typeof PLANTED;

const DAY = 86_400_000;

export async function addV2(admin: Knex, schema: string, readerRole: string): Promise<void> {
  await admin.raw(
    `alter table ??.customers add column credit_grade text, add column vulnerable boolean not null default false`,
    [schema],
  );
  await admin.raw(
    `create table ??.outage_customers (outage_id bigint not null, customer_id bigint not null,
       primary key (outage_id, customer_id))`,
    [schema],
  );
  await admin.raw(
    `create table ??.arrears (id bigint primary key, customer_id bigint not null, region_id text not null,
       segment text not null, due_at timestamptz not null, amount_fen bigint not null, settled_at timestamptz)`,
    [schema],
  );
  await admin.raw('grant select on ??.outage_customers, ??.arrears to ??', [schema, schema, readerRole]);
}

/**
 * Loads the planted customers; resolves to each active customer's planted group, by id. With
 * `v2: false` the rows are those a v1 CRM holds: no credit grades, vulnerable flags, outage lists or
 * arrears (what only they tell apart is then not planted).
 */
export async function plantGroups(
  admin: Knex,
  schema: string,
  seed: number,
  { v2 = true }: { v2?: boolean } = {},
): Promise<Map<string, PlantedGroup>> {
  const random = seededRandom(seed);
  const now = Date.now();
  const daysAgo = (min: number, max: number): Date => new Date(now - integerBetween(random, min, max) * DAY);
  const t = (table: string) => admin.withSchema(schema).table(table);
  await t('regions').insert([
    { id: 'p', name: '省', parent_id: null, level: 'province' },
    { id: 'p.c', name: '县', parent_id: 'p', level: 'county' },
  ]);

  const outages = Array.from({ length: 40 }, (_, i) => {
    const start = daysAgo(20, 320);
    const long = i % 2 === 0;
    return {
      id: i + 1,
      region_id: 'p.c',
      kind: 'fault',
      area_class: 'rural',
      affected_customers: 0,
      start_at: start,
      end_at: new Date(start.getTime() + (long ? 6 : 1) * 3_600_000),
    };
  });
  await t('outages').insert(outages);
  const longOutages = outages.filter((_, i) => i % 2 === 0).map((o) => o.id);
  const shortOutages = outages.filter((_, i) => i % 2 === 1).map((o) => o.id);
  const pick = (ids: number[], n: number): number[] => [...ids].sort(() => random() - 0.5).slice(0, n);

  const planted = new Map<string, PlantedGroup>();
  const customers: Record<string, unknown>[] = [];
  const workOrders: Record<string, unknown>[] = [];
  const outageCustomers: Record<string, unknown>[] = [];
  const arrears: Record<string, unknown>[] = [];
  const order = (customerId: number, type: string, extra: Record<string, unknown> = {}) =>
    workOrders.push({
      id: workOrders.length + 1,
      type,
      channel: 'hotline',
      customer_id: customerId,
      region_id: 'p.c',
      segment: 'residential',
      area_class: 'urban',
      accepted_at: daysAgo(10, 330),
      ...extra,
    });
  const complaints = (id: number, n: number) => {
    for (let i = 0; i < n; i++)
      order(id, 'complaint', { substantiated: random() < 0.5, is_repeat: random() < 0.2 });
  };

  let id = 0;
  for (const [group, size] of Object.entries(PLANTED) as [PlantedGroup, number][]) {
    for (let i = 0; i < size; i++) {
      id += 1;
      planted.set(String(id), group);
      const base = {
        id,
        region_id: 'p.c',
        segment: 'residential',
        area_class: 'urban',
        sensitivity: 0,
        opened_at: daysAgo(365 * 2, 365 * 12),
        credit_grade: random() < 0.3 ? null : 'A',
        vulnerable: false,
      };
      if (group === 'quiet_urban') {
        // a few grades the contract does not know: read as not graded, and counted
        customers.push(i < 5 ? { ...base, credit_grade: 'E' } : base);
        if (random() < 0.3) order(id, 'consultation');
        if (random() < 0.1) outageCustomers.push({ outage_id: pick(shortOutages, 1)[0], customer_id: id });
      } else if (group === 'outage_rural') {
        customers.push({ ...base, area_class: random() < 0.8 ? 'rural' : 'remote', credit_grade: 'B' });
        const chosen = [
          ...pick(longOutages, integerBetween(random, 2, 5)),
          ...pick(shortOutages, integerBetween(random, 4, 8)),
        ];
        for (const outage of chosen) outageCustomers.push({ outage_id: outage, customer_id: id });
        for (let r = integerBetween(random, 2, 5); r > 0; r--) order(id, 'repair', { area_class: 'rural' });
        complaints(id, integerBetween(random, 0, 2));
      } else if (group === 'arrears_low_credit') {
        customers.push({
          ...base,
          opened_at: daysAgo(400, 365 * 4),
          credit_grade: random() < 0.5 ? 'C' : 'D',
        });
        for (let b = integerBetween(random, 3, 8); b > 0; b--) {
          const due = daysAgo(80, 280);
          arrears.push({
            id: arrears.length + 1,
            customer_id: id,
            region_id: 'p.c',
            segment: 'residential',
            due_at: due,
            amount_fen: integerBetween(random, 30_000, 300_000),
            settled_at: random() < 0.5 ? null : new Date(due.getTime() + 75 * DAY),
          });
        }
        for (let w = integerBetween(random, 1, 3); w > 0; w--) order(id, 'consultation');
      } else {
        customers.push({
          ...base,
          sensitivity: integerBetween(random, 3, 5),
          vulnerable: true,
          opened_at: daysAgo(365 * 12, 365 * 30),
        });
        for (let w = integerBetween(random, 1, 4); w > 0; w--) order(id, 'service_request');
      }
    }
  }
  // closed accounts: never assigned a group
  for (let i = 0; i < 50; i++) {
    id += 1;
    customers.push({
      id,
      region_id: 'p.c',
      segment: 'residential',
      area_class: 'urban',
      sensitivity: 0,
      opened_at: daysAgo(365 * 3, 365 * 6),
      closed_at: daysAgo(30, 300),
      vulnerable: false,
    });
  }
  const v1Customer = ({ credit_grade: _grade, vulnerable: _vulnerable, ...v1 }: Record<string, unknown>) =>
    v1;
  await admin.batchInsert(`${schema}.customers`, v2 ? customers : customers.map(v1Customer), 500);
  await admin.batchInsert(`${schema}.work_orders`, workOrders, 500);
  if (v2) {
    await admin.batchInsert(`${schema}.outage_customers`, outageCustomers, 500);
    await admin.batchInsert(`${schema}.arrears`, arrears, 500);
  }
  await admin.raw('analyze');
  return planted;
}
