import type { Knex } from 'knex';
import { acceptConnection, planConnection, type ConnectionBasis } from './connections';
import { BACKLOG_COUNTY, SLOW_REPAIRS_COUNTY } from './incident';
import { DAY, HOUR, type Millis, type OutageKind } from './model';
import { faultWeight, planOutage, registerOutage, type OutageBasis } from './outages';
import { chance, pick, poisson, uniformInt, weighted, type Random, type WeightedChoice } from './random';
import type { Station } from './regions';
import { acceptWorkOrder, planWorkOrder, workOrderAt, type WorkOrderBasis } from './work-orders';
import type { World } from './world';

/** Demo rates, far above the history's so that something visibly changes on every tick. */
export interface TickRates {
  workOrdersPerSecond: number;
  slowRepairsShare: number;
  backlogShare: number;
  faultsPerSecond: number;
  scheduledOutagesPerSecond: number;
  connectionsPerSecond: number;
}

export const TICK_RATES: TickRates = {
  workOrdersPerSecond: 0.6,
  /** of the new orders: extra repairs sent to 岳西 and extra orders to 南陵, so late events keep coming there */
  slowRepairsShare: 0.06,
  backlogShare: 0.06,
  faultsPerSecond: 1 / 150,
  scheduledOutagesPerSecond: 1 / 600,
  connectionsPerSecond: 1 / 90,
};

export interface CustomerSample {
  id: number;
  region_id: string;
  segment: string;
}

export interface TickContext {
  knex: Knex.Transaction;
  schema: string;
  world: World;
  random: Random;
  now: Millis;
  /** events planned earlier than this happen at it: they were missed between ticks; null on the first tick */
  since: Millis | null;
  /** start of the window in which new items arrive */
  arrivalsFrom: Millis;
  /** start of the window in which new work orders arrive: on the first tick, the warm-up */
  workOrdersFrom: Millis;
  callers: CallerPool;
  rates: TickRates;
}

export interface CallerPool {
  /** counties weighted by their accounts */
  counties: WeightedChoice<string>;
  byCounty: Map<string, CustomerSample[]>;
}

export interface TickCounts {
  workOrdersAccepted: number;
  workOrdersUpdated: number;
  callbacks: number;
  outagesStarted: number;
  outagesUpdated: number;
  connectionsAccepted: number;
  connectionsUpdated: number;
}

const table = (ctx: TickContext, relation: string) => ctx.knex.withSchema(ctx.schema).table(relation);
const date = (t: Millis | null) => (t === null ? null : new Date(t));
const ms = (value: Date | string | null): Millis | null =>
  value === null ? null : new Date(value).getTime();
/** an event due at t is stamped when the ticker sees it: never before the previous tick, never after now */
const stamp = (ctx: TickContext, t: Millis) =>
  Math.min(ctx.now, ctx.since === null ? t : Math.max(t, ctx.since));
const due = (ctx: TickContext, planned: Millis | null, current: unknown) =>
  planned !== null && planned <= ctx.now && current === null;

async function nextId(ctx: TickContext, relation: string): Promise<number> {
  const row = (await table(ctx, relation).max({ max: 'id' }).first()) as
    { max: string | number | null } | undefined;
  return Number(row?.max ?? 0) + 1;
}

function arrivalTimes(ctx: TickContext, perSecond: number, from = ctx.arrivalsFrom): Millis[] {
  const window = ctx.now - from;
  const n = poisson(ctx.random, (perSecond * window) / 1000);
  return Array.from({ length: n }, () => Math.round(from + ctx.random() * window)).sort((a, b) => a - b);
}

function stationsIn(world: World, countyId: string): Station[] {
  return world.regions.stations.filter((s) => s.countyId === countyId);
}

function caller(ctx: TickContext, countyId: string) {
  const customers = ctx.callers.byCounty.get(countyId) ?? [];
  const stations = stationsIn(ctx.world, countyId);
  if (customers.length > 0 && chance(ctx.random, 0.93)) {
    const customer = customers[Math.floor(ctx.random() * customers.length)]!;
    const station = ctx.world.stationById.get(customer.region_id) ?? stations[0]!;
    return { customer, station };
  }
  return { customer: null, station: stations[Math.floor(ctx.random() * stations.length)]! };
}

export async function acceptNewWorkOrders(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.workOrdersPerSecond, ctx.workOrdersFrom);
  if (times.length === 0) return 0;
  let id = await nextId(ctx, 'work_orders');
  const rows = times.map((acceptedAt) => {
    const u = ctx.random();
    const story =
      u < ctx.rates.slowRepairsShare
        ? 'slow'
        : u < ctx.rates.slowRepairsShare + ctx.rates.backlogShare
          ? 'backlog'
          : 'normal';
    const county =
      story === 'slow'
        ? SLOW_REPAIRS_COUNTY
        : story === 'backlog'
          ? BACKLOG_COUNTY
          : pick(ctx.random, ctx.callers.counties);
    const who = caller(ctx, county);
    const basis = acceptWorkOrder(ctx.random, id++, acceptedAt, who, story === 'slow' ? 'repair' : undefined);
    // what happened to it by now (only warm-up orders of the first tick have a past)
    return workOrderAt(basis, planWorkOrder(ctx.world.seed, basis), ctx.now);
  });
  const records = rows.map(toDates);
  // PostgreSQL takes at most 65535 parameters per statement: 1000 rows of 17 columns at a time
  for (let i = 0; i < records.length; i += 1000)
    await table(ctx, 'work_orders').insert(records.slice(i, i + 1000));
  return rows.length;
}

interface OpenWorkOrder {
  id: string | number;
  type: WorkOrderBasis['type'];
  region_id: string;
  area_class: WorkOrderBasis['area_class'];
  accepted_at: Date;
  deadline_at: Date | null;
  arrived_at: Date | null;
  restored_at: Date | null;
}

/** Open orders move on as their plans say: crews arrive, power comes back, replies go out. */
export async function progressWorkOrders(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'work_orders')
    .select(
      'id',
      'type',
      'region_id',
      'area_class',
      'accepted_at',
      'deadline_at',
      'arrived_at',
      'restored_at',
    )
    .whereNull('closed_at')
    .whereNull('cancelled_at')
    .where('accepted_at', '>', new Date(ctx.now - 90 * DAY))) as OpenWorkOrder[];
  let updated = 0;
  for (const row of open) {
    const basis: WorkOrderBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at),
    };
    const plan = planWorkOrder(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.arriveAt, row.arrived_at)) change.arrived_at = new Date(stamp(ctx, plan.arriveAt!));
    if (due(ctx, plan.restoreAt, row.restored_at)) change.restored_at = new Date(stamp(ctx, plan.restoreAt!));
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    if (due(ctx, plan.closeAt, null)) {
      change.closed_at = new Date(stamp(ctx, plan.closeAt!));
      change.returned_count = plan.returnedCount;
      change.substantiated = plan.substantiated;
    }
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'work_orders').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

/** Return visits planned for orders closed in the last days that have none yet. */
export async function makeCallbacks(ctx: TickContext): Promise<number> {
  const closed = (await table(ctx, 'work_orders as w')
    .select('w.id', 'w.type', 'w.region_id', 'w.area_class', 'w.accepted_at', 'w.deadline_at')
    .where('w.closed_at', '>', new Date(ctx.now - 5 * DAY))
    .whereRaw('not exists (select 1 from ??.callbacks c where c.work_order_id = w.id)', [
      ctx.schema,
    ])) as OpenWorkOrder[];
  const rows = [];
  let id = 0;
  for (const row of closed) {
    const basis: WorkOrderBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at),
    };
    const callback = planWorkOrder(ctx.world.seed, basis).callback;
    if (callback === null || callback.at > ctx.now) continue;
    if (id === 0) id = await nextId(ctx, 'callbacks');
    rows.push({
      id: id++,
      work_order_id: basis.id,
      called_at: new Date(stamp(ctx, callback.at)),
      reached: callback.reached,
      satisfaction: callback.satisfaction,
    });
  }
  if (rows.length > 0) await table(ctx, 'callbacks').insert(rows);
  return rows.length;
}

/** New faults (more in remote places and in 岳西), and planned/temporary work scheduled ahead. */
export async function registerNewOutages(ctx: TickContext): Promise<number> {
  const faults = arrivalTimes(ctx, ctx.rates.faultsPerSecond).map((t) => ({
    t,
    kind: 'fault' as OutageKind,
  }));
  const scheduled = arrivalTimes(ctx, ctx.rates.scheduledOutagesPerSecond).map((t) => ({
    t,
    kind: (chance(ctx.random, 0.75) ? 'planned' : 'temporary') as OutageKind,
  }));
  const all = [...faults, ...scheduled];
  if (all.length === 0) return 0;
  const stations = weighted(
    ctx.world.regions.stations.map(
      (s) => [s, faultWeight(s) * (s.countyId === SLOW_REPAIRS_COUNTY ? 4 : 1)] as const,
    ),
  );
  let id = await nextId(ctx, 'outages');
  const rows = all.map(({ t, kind }) => {
    const station = pick(ctx.random, stations);
    // scheduled work starts 08:00–10:00 local, 9–16 days (planned) or 2–3 days (temporary) ahead
    const start =
      kind === 'fault'
        ? t
        : Math.floor((t + 8 * HOUR) / DAY) * DAY -
          8 * HOUR +
          (kind === 'planned' ? uniformInt(ctx.random, 9, 16) : uniformInt(ctx.random, 2, 3)) * DAY +
          uniformInt(ctx.random, 8, 10) * HOUR;
    const basis = registerOutage(ctx.random, id++, station, kind, start);
    const plan = planOutage(ctx.world.seed, basis);
    return {
      ...basis,
      start_at: new Date(basis.start_at),
      affected_customers: plan.affected,
      planned_end_at: date(plan.plannedEndAt),
      notified_at:
        plan.notifyAt !== null && plan.notifyAt <= ctx.now ? new Date(stamp(ctx, plan.notifyAt)) : null,
      info_reported_at:
        plan.infoReportAt !== null && plan.infoReportAt <= ctx.now
          ? new Date(stamp(ctx, plan.infoReportAt))
          : null,
    };
  });
  await table(ctx, 'outages').insert(rows);
  return rows.length;
}

interface OpenOutage {
  id: string | number;
  kind: OutageKind;
  region_id: string;
  area_class: OutageBasis['area_class'];
  start_at: Date;
  notified_at: Date | null;
  end_at: Date | null;
  info_reported_at: Date | null;
  restore_reported_at: Date | null;
  info_valid: boolean | null;
}

/** Notices go out, power comes back, information reaches the 95598 system and gets checked. */
export async function progressOutages(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'outages')
    .select(
      'id',
      'kind',
      'region_id',
      'area_class',
      'start_at',
      'notified_at',
      'end_at',
      'info_reported_at',
      'restore_reported_at',
      'info_valid',
    )
    .whereNull('cancelled_at')
    .where('start_at', '>', new Date(ctx.now - 30 * DAY))
    .where((q) =>
      q
        .whereNull('end_at')
        .orWhereNull('restore_reported_at')
        .orWhereNull('info_reported_at')
        .orWhereNull('info_valid'),
    )) as OpenOutage[];
  let updated = 0;
  for (const row of open) {
    const basis: OutageBasis = {
      id: Number(row.id),
      kind: row.kind,
      region_id: row.region_id,
      area_class: row.area_class,
      start_at: ms(row.start_at)!,
    };
    const plan = planOutage(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    const set = (column: keyof OpenOutage, planned: Millis | null) => {
      if (due(ctx, planned, row[column])) change[column] = new Date(stamp(ctx, planned!));
    };
    set('notified_at', plan.notifyAt);
    set('info_reported_at', plan.infoReportAt);
    set('end_at', plan.endAt);
    set('restore_reported_at', plan.restoreReportAt);
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    // checked only once reported, in this tick or earlier
    const reported = row.info_reported_at !== null || 'info_reported_at' in change;
    if (reported && due(ctx, plan.checkAt, row.info_valid)) change.info_valid = plan.valid;
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'outages').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

export async function acceptNewConnections(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.connectionsPerSecond);
  if (times.length === 0) return 0;
  let id = await nextId(ctx, 'connection_applications');
  const rows = times.map((t) => {
    const basis = acceptConnection(ctx.random, id++, pick(ctx.random, ctx.world.stationChoice), t);
    return { ...basis, accepted_at: new Date(basis.accepted_at), deadline_at: new Date(basis.deadline_at) };
  });
  await table(ctx, 'connection_applications').insert(rows);
  return rows.length;
}

/** Meters installed (装表接电) or applications withdrawn, as planned. */
export async function progressConnections(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'connection_applications')
    .select('id', 'region_id', 'segment', 'customer_class', 'accepted_at', 'deadline_at')
    .whereNull('completed_at')
    .whereNull('cancelled_at')
    .where('accepted_at', '>', new Date(ctx.now - 180 * DAY))) as (Omit<
    ConnectionBasis,
    'id' | 'accepted_at' | 'deadline_at'
  > & {
    id: string | number;
    accepted_at: Date;
    deadline_at: Date;
  })[];
  let updated = 0;
  for (const row of open) {
    const basis: ConnectionBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at)!,
    };
    const plan = planConnection(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.completeAt, null)) change.completed_at = new Date(stamp(ctx, plan.completeAt!));
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'connection_applications').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

function toDates<T extends object>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key] = key.endsWith('_at') ? date(value as Millis | null) : value;
  return out;
}
