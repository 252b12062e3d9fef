import { addWorkingDays, localHour } from './calendar';
import { roundToSecond } from './customers';
import { CONNECTION_WORKING_DAYS, HOUR, type ConnectionRow, type CustomerClass, type Millis } from './model';
import { qualityOf } from './quality';
import { chance, lognormal, pick, randomFor, weighted, type Random } from './random';
import type { Station } from './regions';
import { STREAM, type World } from './world';

/** What an application is at acceptance; its plan decides the rest. */
export type ConnectionBasis = Omit<ConnectionRow, 'completed_at' | 'cancelled_at'>;

export interface ConnectionPlan {
  completeAt: Millis | null;
  cancelAt: Millis | null;
}

const classChoice = weighted<CustomerClass>([
  ['residential', 70],
  ['low_voltage', 22],
  ['hv_single', 6],
  ['hv_dual', 2],
]);
const SEGMENTS_BY_CLASS: Record<CustomerClass, ReturnType<typeof weighted<string>>> = {
  residential: weighted([
    ['urban_residential', 50],
    ['rural_residential', 40],
    ['high_use_residential', 10],
  ]),
  low_voltage: weighted([
    ['commercial', 65],
    ['public_agricultural', 35],
  ]),
  hv_single: weighted([
    ['commercial', 85],
    ['public_agricultural', 15],
  ]),
  hv_dual: weighted([['commercial', 1]]),
};

/** Pure: when the application is connected (or withdrawn), from its acceptance data and the seed. */
export function planConnection(seed: number, basis: ConnectionBasis): ConnectionPlan {
  const random = randomFor(seed, STREAM.connectionPlan, basis.id);
  const span = basis.deadline_at - basis.accepted_at;
  if (chance(random, 0.03)) {
    return { completeAt: null, cancelAt: roundToSecond(basis.accepted_at + span * 0.6 * random()) };
  }
  const slowness = Math.sqrt(qualityOf(basis.region_id).handling);
  return {
    completeAt: roundToSecond(basis.accepted_at + span * lognormal(random, 0.55 * slowness, 0.35)),
    cancelAt: null,
  };
}

export function connectionAt(basis: ConnectionBasis, plan: ConnectionPlan, now: Millis): ConnectionRow {
  return {
    ...basis,
    completed_at: plan.completeAt !== null && plan.completeAt <= now ? plan.completeAt : null,
    cancelled_at: plan.cancelAt !== null && plan.cancelAt <= now ? plan.cancelAt : null,
  };
}

export function acceptConnection(
  random: Random,
  id: number,
  station: Station,
  acceptedAt: Millis,
): ConnectionBasis {
  const customer_class = pick(random, classChoice);
  return {
    id,
    region_id: random() < 0.7 ? station.id : station.countyId,
    segment: pick(random, SEGMENTS_BY_CLASS[customer_class]),
    customer_class,
    accepted_at: acceptedAt,
    deadline_at: addWorkingDays(acceptedAt, CONNECTION_WORKING_DAYS[customer_class]),
  };
}

/** Applications over the history, accepted during office hours (08:00–18:00 local). */
export function* historicalConnectionBases(world: World, count: number): Generator<ConnectionBasis> {
  const span = world.anchor - world.start;
  for (let id = 1; id <= count; id++) {
    const random = randomFor(world.seed, STREAM.connection, id);
    let acceptedAt = world.start + Math.floor(random() * span);
    const hour = localHour(acceptedAt);
    if (hour < 8 || hour >= 18) acceptedAt += (((8 + Math.floor(random() * 10) - hour + 24) % 24) * HOUR) | 0;
    if (acceptedAt > world.anchor) acceptedAt -= 24 * HOUR;
    yield acceptConnection(random, id, pick(random, world.stationChoice), roundToSecond(acceptedAt));
  }
}
