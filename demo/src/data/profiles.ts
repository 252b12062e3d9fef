import type { Grid } from './grids';
import { DAY, type AreaClass, type CreditGrade, type Millis } from './model';
import { serviceQualityOf } from './quality-v2';
import { hashOf, randomFor } from './random';
import type { Station } from './regions';
import { STREAM, type World } from './world';

/**
 * The v2 side of an account, from its own random stream so that the v1 columns stay as they were:
 * its service grid (a hash), its electricity-fee credit grade and whether it is a vulnerable household.
 */
export interface CustomerProfile {
  credit_grade: CreditGrade | null;
  vulnerable: boolean;
}

/** Baseline odds of each grade (A most, D few); new accounts are not graded yet. */
const GRADE_ODDS: readonly (readonly [CreditGrade, number])[] = [
  ['A', 62],
  ['B', 22],
  ['C', 8],
  ['D', 3.5],
];
/** the rest are elderly, blind, disabled or low-income households: more of them in the countryside */
const VULNERABLE_SHARE: Record<AreaClass, number> = { urban: 0.06, rural: 0.1, remote: 0.12 };
/** accounts younger than this have no grade yet */
const GRADING_AGE = 365 * DAY;

/** The grid of an account of `station`: cheap, so that outages can find a grid's accounts without the rest. */
export function gridOf(world: World, station: Station, id: number): Grid {
  const grids = world.grids.byStation.get(station.id)!;
  return grids[hashOf(world.seed, STREAM.customerProfile, id, 1) % grids.length]!;
}

export function customerProfile(
  world: World,
  id: number,
  station: Station,
  openedAt: Millis,
): CustomerProfile {
  const random = randomFor(world.seed, STREAM.customerProfile, id);
  const risk = serviceQualityOf(station.id).creditRisk;
  const vulnerable = random() < VULNERABLE_SHARE[station.areaClass];
  const odds = GRADE_ODDS.map(([grade, w]) => [grade, grade >= 'C' ? w * risk : w] as const);
  const total = odds.reduce((sum, [, w]) => sum + w, 0);
  let u = random() * total;
  // vulnerable households are more often low-income: their bills go unpaid more often
  if (vulnerable) u = Math.min(total - 1e-9, u + total * 0.1);
  let credit_grade: CreditGrade = 'D';
  for (const [grade, w] of odds) {
    if (u < w) {
      credit_grade = grade;
      break;
    }
    u -= w;
  }
  const graded = openedAt < world.anchor - GRADING_AGE && random() > 0.04;
  return { credit_grade: graded ? credit_grade : null, vulnerable };
}
