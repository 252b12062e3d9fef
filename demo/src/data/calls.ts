import { hourlyCounts, hourWeight } from './calendar';
import { HOUR, type Millis } from './model';
import { gridOf } from './profiles';
import { serviceQualityOf } from './quality-v2';
import { PROVINCE } from './regions';
import { chance, lognormal, pick, randomFor, weighted, type Random } from './random';
import { STREAM, type World } from './world';

/**
 * 95598 hotline calls (calls). Calls follow the contact volume's day (calendar.ts); the answer wait grows
 * with the hour's load, so the 20-second service level dips at the morning and afternoon peaks. A caller
 * whose patience runs out first hangs up; most abandoned calls are called back within 24 h, some later,
 * a few never. Callers from the two counties in breach wait longer and are called back later.
 */
export interface CallRow {
  id: number;
  region_id: string;
  queue: string;
  offered_at: Millis;
  answered_at: Millis | null;
  abandoned_at: Millis | null;
  called_back_at: Millis | null;
}

export type CallBasis = Pick<CallRow, 'id' | 'region_id' | 'queue' | 'offered_at'>;

export interface CallPlan {
  answerAt: Millis | null;
  abandonAt: Millis | null;
  callBackAt: Millis | null;
}

export const queueChoice = weighted([
  ['general', 40],
  ['repair', 30],
  ['billing', 20],
  ['complaint', 10],
]);
/** the busiest hour's weight (calendar.ts), so that load is about 1 at a weekday summer peak */
const PEAK_WEIGHT = 1.25;
const UNKNOWN_CALLER = 0.2;
const NEVER_CALLED_BACK = 0.05;

/** Pure: what happens to a call, from its basis and the seed. */
export function planCall(seed: number, basis: CallBasis): CallPlan {
  const random = randomFor(seed, STREAM.call, basis.id);
  const q = serviceQualityOf(basis.region_id);
  const load = hourWeight(basis.offered_at, basis.offered_at) / PEAK_WEIGHT;
  const meanWait = (3 + 16 * load * load) * q.callWait;
  const wait = Math.round(-Math.log(1 - random()) * meanWait) * 1000;
  const patience = Math.round(lognormal(random, 70, 0.9)) * 1000;
  if (wait <= patience) return { answerAt: basis.offered_at + wait, abandonAt: null, callBackAt: null };
  const abandonAt = basis.offered_at + patience;
  const u = random();
  const callBackAt =
    u < NEVER_CALLED_BACK * (q.lateCallback > 0.2 ? 2 : 1)
      ? null
      : u < NEVER_CALLED_BACK + q.lateCallback
        ? abandonAt + 24 * HOUR + Math.round(lognormal(random, 10 * HOUR, 0.8))
        : abandonAt + Math.round(Math.min(23 * HOUR, lognormal(random, 2 * HOUR, 1)));
  return { answerAt: null, abandonAt, callBackAt };
}

const seen = (t: Millis | null, now: Millis) => (t !== null && t <= now ? t : null);

export function callAt(basis: CallBasis, plan: CallPlan, now: Millis): CallRow {
  return {
    ...basis,
    answered_at: seen(plan.answerAt, now),
    abandoned_at: seen(plan.abandonAt, now),
    called_back_at: seen(plan.abandonAt, now) === null ? null : seen(plan.callBackAt, now),
  };
}

/** A new call's basis: the caller's grid when the number is an account's, the province otherwise. */
export function offerCall(world: World, random: Random, id: number, offeredAt: Millis): CallBasis {
  const queue = pick(random, queueChoice);
  let region_id: string = PROVINCE.id;
  if (!chance(random, UNKNOWN_CALLER)) {
    const customer = 1 + Math.floor(random() * world.sizes.customers);
    const station = pick(randomFor(world.seed, STREAM.customer, customer), world.stationChoice);
    region_id = gridOf(world, station, customer).id;
  }
  return { id, region_id, queue, offered_at: offeredAt };
}

/** Calls over the history, ids in time order. */
export function* historicalCalls(world: World): Generator<CallRow> {
  let id = 0;
  for (const { hourStart, count } of hourlyCounts(world.start, world.anchor, world.sizes.calls, (t) =>
    hourWeight(t, world.anchor),
  )) {
    const offsets = randomFor(world.seed, STREAM.call + 200, hourStart / HOUR);
    const seconds = Array.from({ length: count }, () => Math.floor(offsets() * 3600)).sort((a, b) => a - b);
    for (const second of seconds) {
      id += 1;
      const basis = offerCall(
        world,
        randomFor(world.seed, STREAM.call + 100, id),
        id,
        hourStart + second * 1000,
      );
      yield callAt(basis, planCall(world.seed, basis), world.anchor);
    }
  }
}
