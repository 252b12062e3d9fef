import type { CustomerRow } from './model';
import { DAY } from './model';
import { customerProfile, gridOf } from './profiles';
import { serviceQualityOf } from './quality-v2';
import { chance, pick, randomFor, type Random } from './random';
import { STREAM, type World } from './world';

const SENSITIVITY = [0.9416, 0.04, 0.012, 0.0045, 0.0015, 0.0004]; // stars 0…5: few with ≥ 3

function sensitivity(random: Random, segment: string): number {
  // key accounts and public services are watched more closely
  const boost = segment === 'commercial' || segment === 'public_agricultural' ? 3 : 1;
  let u = random();
  for (let stars = SENSITIVITY.length - 1; stars > 0; stars--) {
    const p = SENSITIVITY[stars]! * boost;
    if (u < p) return stars;
    u -= p;
  }
  return 0;
}

/**
 * Account `id` (1…customers) as a pure function of the seed: work orders and the ticker look customers
 * up by id without keeping them in memory.
 */
export function customerOf(world: World, id: number): CustomerRow {
  const account = accountOf(world, id);
  const profile = customerProfile(world, id, world.stationById.get(account.region_id)!, account.opened_at);
  return { ...account, credit_grade: profile.credit_grade, vulnerable: profile.vulnerable };
}

/** The account without its v2 profile: what callers of work orders need, cheaper to make. */
export function accountOf(world: World, id: number): Omit<CustomerRow, 'credit_grade' | 'vulnerable'> {
  const random = randomFor(world.seed, STREAM.customer, id);
  const station = pick(random, world.stationChoice);
  const segment = pick(random, world.segmentChoice[station.areaClass]);
  // most accounts predate the history; some are opened during it, a few closed (销户)
  const opened_at = chance(random, 0.85)
    ? world.start - Math.floor(random() * 20 * 365 * DAY)
    : world.start + Math.floor(random() * (world.anchor - world.start));
  const closed_at = chance(random, 0.03 * serviceQualityOf(station.id).churn)
    ? opened_at + Math.floor(random() * (world.anchor - opened_at))
    : null;
  return {
    id,
    region_id: gridOf(world, station, id).id,
    segment,
    area_class: station.areaClass,
    sensitivity: sensitivity(random, segment),
    opened_at: roundToSecond(opened_at),
    closed_at: closed_at === null ? null : roundToSecond(closed_at),
  };
}

export function* customerRows(world: World): Generator<CustomerRow> {
  for (let id = 1; id <= world.sizes.customers; id++) yield customerOf(world, id);
}

export function roundToSecond(t: number): number {
  return Math.round(t / 1000) * 1000;
}
