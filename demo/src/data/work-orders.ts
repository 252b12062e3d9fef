import { addWorkingDays, hourWeight, hourlyCounts } from './calendar';
import { accountOf, roundToSecond } from './customers';
import {
  ARRIVAL_LIMIT,
  CHANNEL_SHARES,
  HOUR,
  MINUTE,
  RESTORATION_LIMIT,
  SEGMENT_PROPENSITY,
  TYPE_SHARES,
  TYPE_WORKING_DAYS,
  DAY,
  type AreaClass,
  type CustomerRow,
  type Millis,
  type Satisfaction,
  type WorkOrderRow,
  type WorkOrderType,
} from './model';
import { escalationAt, planEscalation, type EscalationPlan } from './escalations';
import { qualityOf } from './quality';
import { chance, lognormal, pick, randomFor, weighted, type Random } from './random';
import type { Station } from './regions';
import { STREAM, type World } from './world';

/** What the CRM stores when an order is accepted: enough to replay its whole life (see planWorkOrder). */
export interface WorkOrderBasis {
  id: number;
  type: WorkOrderType;
  region_id: string;
  area_class: AreaClass;
  accepted_at: Millis;
  deadline_at: Millis | null;
}

export interface CallbackPlan {
  at: Millis;
  reached: boolean;
  satisfaction: Satisfaction | null;
}

/** When everything will happen to an order, decided from its id: the seed and the ticker agree on it. */
export interface WorkOrderPlan {
  needsVisit: boolean;
  isRepeat: boolean;
  arriveAt: Millis | null;
  restoreAt: Millis | null;
  /** closed (replied) — null when the order will be cancelled */
  closeAt: Millis | null;
  cancelAt: Millis | null;
  returnedCount: number;
  substantiated: boolean | null;
  callback: CallbackPlan | null;
  escalation: EscalationPlan;
}

const typeChoice = weighted(TYPE_SHARES);
const channelChoice = { repair: weighted(CHANNEL_SHARES.repair), other: weighted(CHANNEL_SHARES.other) };
const COMPLAINT_SHARE = 0.035;
const CALLBACK_SHARE: Partial<Record<WorkOrderType, number>> = {
  complaint: 0.9,
  repair: 0.5,
  consultation: 0.12,
};

/** Pure: the life of an order from its acceptance data, its region's quality and the seed. */
export function planWorkOrder(seed: number, basis: WorkOrderBasis): WorkOrderPlan {
  const random = randomFor(seed, STREAM.workOrderPlan, basis.id);
  const q = qualityOf(basis.region_id);
  const accepted = basis.accepted_at;
  const isRepair = basis.type === 'repair';
  const isComplaint = basis.type === 'complaint';
  const needsVisit = isRepair && chance(random, 0.88);
  const isRepeat = isComplaint && chance(random, q.complaints > 1 ? 0.16 : 0.09);
  const at = (t: number) => roundToSecond(t);

  if (chance(random, 0.025)) {
    // withdrawn or merged as a duplicate, usually soon
    const cancelAt = at(accepted + lognormal(random, 2 * HOUR, 1.2));
    return {
      needsVisit,
      isRepeat,
      arriveAt: null,
      restoreAt: null,
      closeAt: null,
      cancelAt,
      returnedCount: 0,
      substantiated: null,
      callback: null,
      escalation: planEscalation(seed, basis, cancelAt),
    };
  }
  let arriveAt: number | null = null;
  let restoreAt: number | null = null;
  let closeAt: number;
  if (needsVisit) {
    arriveAt = at(accepted + ARRIVAL_LIMIT[basis.area_class] * lognormal(random, 0.55 * q.arrival, 0.35));
    restoreAt = at(
      arriveAt + RESTORATION_LIMIT[basis.area_class] * lognormal(random, 0.45 * q.restoration, 0.45),
    );
    closeAt = at(restoreAt + lognormal(random, 40 * MINUTE * q.handling, 0.8));
  } else if (isRepair) {
    // a fault on the customer's side: advice by phone, no crew
    closeAt = at(accepted + lognormal(random, 90 * MINUTE * q.handling, 0.8));
  } else if (basis.deadline_at !== null) {
    const span = basis.deadline_at - accepted;
    closeAt = at(accepted + span * lognormal(random, 0.3 * q.handling, 0.55));
  } else {
    closeAt = at(accepted + lognormal(random, DAY * q.handling, 0.6));
  }
  const returnedCount = chance(random, q.returned) ? (chance(random, 0.2) ? 2 : 1) : 0;
  const substantiated = isComplaint ? chance(random, q.substantiated) : null;
  let callback: CallbackPlan | null = null;
  if (chance(random, CALLBACK_SHARE[basis.type] ?? 0.25)) {
    const reached = chance(random, 0.8);
    const unhappy = q.dissatisfied * (isComplaint ? 3 : 1) * (returnedCount > 0 ? 2 : 1);
    const u = random();
    const satisfaction: Satisfaction | null = !reached
      ? null
      : u < 0.02
        ? null // reached, but would not answer
        : u < 0.02 + unhappy
          ? 'dissatisfied'
          : u < 0.14 + unhappy
            ? 'basically_satisfied'
            : 'satisfied';
    callback = { at: at(closeAt + lognormal(random, 20 * HOUR, 0.6)), reached, satisfaction };
  }
  return {
    needsVisit,
    isRepeat,
    arriveAt,
    restoreAt,
    closeAt,
    cancelAt: null,
    returnedCount,
    substantiated,
    callback,
    escalation: planEscalation(seed, basis, null),
  };
}

const seen = (t: Millis | null, now: Millis) => (t !== null && t <= now ? t : null);

/** The row as the CRM shows it at `now`: events planned later are not there yet. */
export function workOrderAt(
  basis: WorkOrderBasis & Pick<WorkOrderRow, 'channel' | 'customer_id' | 'segment'>,
  plan: WorkOrderPlan,
  now: Millis,
): WorkOrderRow {
  const closed_at = seen(plan.closeAt, now);
  return {
    id: basis.id,
    type: basis.type,
    channel: basis.channel,
    customer_id: basis.customer_id,
    region_id: basis.region_id,
    segment: basis.segment,
    area_class: basis.area_class,
    accepted_at: basis.accepted_at,
    deadline_at: basis.deadline_at,
    closed_at,
    cancelled_at: seen(plan.cancelAt, now),
    returned_count: closed_at === null ? 0 : plan.returnedCount,
    needs_visit: plan.needsVisit,
    arrived_at: seen(plan.arriveAt, now),
    restored_at: seen(plan.restoreAt, now),
    substantiated: closed_at === null ? null : plan.substantiated,
    is_repeat: plan.isRepeat,
    ...escalationAt(plan.escalation, now),
  };
}

/** Picks the order's type; complaint-prone counties get proportionally more complaints. */
export function drawType(random: Random, regionId: string): WorkOrderType {
  const extra = qualityOf(regionId).complaints - 1;
  if (extra > 0 && chance(random, (extra * COMPLAINT_SHARE) / (1 - COMPLAINT_SHARE))) return 'complaint';
  return pick(random, typeChoice);
}

/**
 * Which unit is responsible: mostly the station or a known caller's grid (its account managers),
 * sometimes the county, rarely the city.
 */
export function responsibleRegion(random: Random, station: Station, grid?: string): string {
  const u = random();
  if (u < 0.85) return grid !== undefined && u < 0.4 ? grid : station.id;
  return u < 0.97 ? station.countyId : station.cityId;
}

export interface Caller {
  customer: Pick<CustomerRow, 'id' | 'segment' | 'region_id'> | null;
  station: Station;
}

/** A new order's acceptance data (the rest follows from planWorkOrder). */
export function acceptWorkOrder(
  random: Random,
  id: number,
  acceptedAt: Millis,
  caller: Caller,
  type: WorkOrderType = drawType(random, caller.station.id),
): WorkOrderBasis & Pick<WorkOrderRow, 'channel' | 'customer_id' | 'segment'> {
  const channel = pick(random, type === 'repair' ? channelChoice.repair : channelChoice.other);
  const days = TYPE_WORKING_DAYS[type];
  return {
    id,
    type,
    channel,
    customer_id: caller.customer?.id ?? null,
    region_id: responsibleRegion(random, caller.station, caller.customer?.region_id),
    segment: caller.customer?.segment ?? 'unknown',
    area_class: caller.station.areaClass,
    accepted_at: acceptedAt,
    deadline_at: days === null ? null : addWorkingDays(acceptedAt, days),
  };
}

/** A caller for an order at `t`: an active account, larger accounts more likely; ~7% anonymous. */
export function drawCaller(world: World, random: Random, t: Millis): Caller {
  if (chance(random, 0.93)) {
    let fallback: ReturnType<typeof accountOf> | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const customer = accountOf(world, 1 + Math.floor(random() * world.sizes.customers));
      const active = customer.opened_at <= t && (customer.closed_at === null || customer.closed_at > t);
      if (!active) continue;
      fallback = customer;
      if (chance(random, (SEGMENT_PROPENSITY[customer.segment] ?? 1) / 4)) break;
    }
    if (fallback) return { customer: fallback, station: stationOf(world, fallback.region_id) };
  }
  return { customer: null, station: pick(random, world.stationChoice) };
}

export function stationOf(world: World, stationId: string): Station {
  const station = world.stationById.get(stationId);
  if (!station) throw new Error(`unknown station ${stationId}`);
  return station;
}

export interface WorkOrderRecord {
  row: WorkOrderRow;
  plan: WorkOrderPlan;
}

/** The regular history: exactly `count` orders spread over the hours before the anchor, ids in time order. */
export function* historicalWorkOrders(world: World, count: number): Generator<WorkOrderRecord> {
  let id = 0;
  for (const { hourStart, count: n } of hourlyCounts(world.start, world.anchor, count, (t) =>
    hourWeight(t, world.anchor),
  )) {
    const offsets = randomFor(world.seed, STREAM.hourOffsets, hourStart / HOUR);
    const seconds = Array.from({ length: n }, () => Math.floor(offsets() * 3600)).sort((a, b) => a - b);
    for (const second of seconds) {
      id += 1;
      const acceptedAt = hourStart + second * 1000;
      const random = randomFor(world.seed, STREAM.workOrder, id);
      const basis = acceptWorkOrder(random, id, acceptedAt, drawCaller(world, random, acceptedAt));
      const plan = planWorkOrder(world.seed, basis);
      yield { row: workOrderAt(basis, plan, world.anchor), plan };
    }
  }
}
