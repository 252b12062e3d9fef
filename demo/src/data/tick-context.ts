import type { Knex } from 'knex';
import type { Millis } from './model';
import { chance, poisson, type Random, type WeightedChoice } from './random';
import type { Station } from './regions';
import type { CallbackPlan } from './work-orders';
import type { World } from './world';

// What one tick of the demo ticker works with, and the small helpers every relation's tick shares.

/** Demo rates, far above the history's so that something visibly changes on every tick. */
export interface TickRates {
  workOrdersPerSecond: number;
  slowRepairsShare: number;
  backlogShare: number;
  faultsPerSecond: number;
  scheduledOutagesPerSecond: number;
  connectionsPerSecond: number;
  callsPerSecond: number;
  /** sampled accounts per second whose bill may fall due unpaid */
  billsPerSecond: number;
}

export const TICK_RATES: TickRates = {
  /** ~50k orders a day (the default history has ~270): a dashboard sees arrivals and progress every tick */
  workOrdersPerSecond: 0.6,
  /** of the new orders: extra repairs sent to 岳西 and extra orders to 南陵, so late events keep coming there */
  slowRepairsShare: 0.06,
  backlogShare: 0.06,
  faultsPerSecond: 1 / 150,
  scheduledOutagesPerSecond: 1 / 600,
  connectionsPerSecond: 1 / 90,
  callsPerSecond: 1,
  billsPerSecond: 0.5,
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
  /** callbacks planned for orders already closed, due later: kept across ticks */
  pendingCallbacks: PendingCallback[];
}

export interface PendingCallback {
  workOrderId: number;
  callback: CallbackPlan;
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
  callsOffered: number;
  callsUpdated: number;
  billsDue: number;
  billsSettled: number;
  escalationsUpdated: number;
}

export const table = (ctx: TickContext, relation: string) => ctx.knex.withSchema(ctx.schema).table(relation);
export const date = (t: Millis | null) => (t === null ? null : new Date(t));
export const ms = (value: Date | string | null): Millis | null =>
  value === null ? null : new Date(value).getTime();
/** an event due at t is stamped when the ticker sees it: never before the previous tick, never after now */
export const stamp = (ctx: TickContext, t: Millis) =>
  Math.min(ctx.now, ctx.since === null ? t : Math.max(t, ctx.since));
export const due = (ctx: TickContext, planned: Millis | null, current: unknown) =>
  planned !== null && planned <= ctx.now && current === null;

export async function nextId(ctx: TickContext, relation: string): Promise<number> {
  const row = (await table(ctx, relation).max({ max: 'id' }).first()) as
    { max: string | number | null } | undefined;
  return Number(row?.max ?? 0) + 1;
}

export function arrivalTimes(ctx: TickContext, perSecond: number, from = ctx.arrivalsFrom): Millis[] {
  const window = ctx.now - from;
  const n = poisson(ctx.random, (perSecond * window) / 1000);
  return Array.from({ length: n }, () => Math.round(from + ctx.random() * window)).sort((a, b) => a - b);
}

export function stationsIn(world: World, countyId: string): Station[] {
  return world.regions.stations.filter((s) => s.countyId === countyId);
}

export function caller(ctx: TickContext, countyId: string) {
  const customers = ctx.callers.byCounty.get(countyId) ?? [];
  const stations = stationsIn(ctx.world, countyId);
  if (customers.length > 0 && chance(ctx.random, 0.93)) {
    const customer = customers[Math.floor(ctx.random() * customers.length)]!;
    const station = ctx.world.stationById.get(customer.region_id) ?? stations[0]!;
    return { customer, station };
  }
  return { customer: null, station: stations[Math.floor(ctx.random() * stations.length)]! };
}

export function toDates<T extends object>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key] = key.endsWith('_at') ? date(value as Millis | null) : value;
  return out;
}
