import { roundToSecond } from './customers';
import type { Grid } from './grids';
import { INCIDENT_LASTS } from './incident';
import { DAY, HOUR, type OutageRow } from './model';
import { isCutOff, outageAt, planOutage, type OutageBasis } from './outages';
import type { Population } from './population';
import { pick, poisson, randomFor, uniformInt, weighted, type Random } from './random';
import { STREAM, type World } from './world';

/**
 * Who each outage cut off (outage_customers). An outage cuts off a section of one grid's line: a run of
 * that grid's accounts about as long as the CRM's affected count scaled to the demo's population, so
 * that an average account sees an outage every few years. Weak grids (grids.ts) also suffer their own
 * frequent faults that cut off the whole grid: their customers are the frequent-outage customers (3+ a
 * year). A cut-off for breach or unpaid bills cuts off one account, a low-credit one for arrears.
 */
export interface OutageCustomerRow {
  outage_id: number;
  customer_id: number;
}

/** The CRM's affected counts describe a whole province; the demo's accounts are a sample of it. */
const SAMPLE_SHARE = 0.015;
/** weak-line faults a year per weak grid, each cutting off this share of the grid */
const WEAK_FAULTS_PER_YEAR = 6;
/** before the last RECENT days the weak lines failed about once a year */
const WEAK_FAULTS_BEFORE = 1;
const RECENT = 400 * DAY;
const WEAK_SHARE = 0.9;

/** The grid an outage hits: its own, or one of its station's (weak ones fail more), or its county's. */
function gridHit(world: World, random: Random, outage: OutageRow): Grid {
  const station =
    world.stationById.get(outage.region_id) ??
    pick(
      random,
      weighted(
        world.regions.stations
          .filter((s) => s.countyId === outage.region_id)
          .map((s) => [s, s.weight] as const),
      ),
    );
  const own = world.grids.grids.find((g) => g.id === outage.region_id);
  if (own) return own;
  const grids = world.grids.byStation.get(station.id)!;
  return pick(random, weighted(grids.map((g) => [g, g.weak && outage.kind === 'fault' ? 3 : 1] as const)));
}

/** The accounts `outage` cut off, in a run from a random place of its grid's list; [] if called off. */
export function cutOff(world: World, population: Population, outage: OutageRow, affected: number): number[] {
  const random = randomFor(world.seed, STREAM.outageCustomers, outage.id);
  const grid = gridHit(world, random, outage);
  const ids = population.accountsOf(grid.id);
  if (ids.length === 0) return [];
  const weakLine = outage.region_id === grid.id && outage.kind === 'fault';
  const single = isCutOff(outage.kind);
  const wanted = single
    ? 1
    : weakLine
      ? Math.ceil(ids.length * WEAK_SHARE)
      : Math.max(1, Math.round(affected * SAMPLE_SHARE));
  const start = Math.floor(random() * ids.length);
  const found: number[] = [];
  let fallback: number | null = null;
  for (let i = 0; i < ids.length && found.length < wanted && i < wanted * 2 + 50; i++) {
    const id = ids[(start + i) % ids.length]!;
    if (!population.isActive(id, outage.start_at)) continue;
    // unpaid bills: the cut-off falls on a low-credit account where the grid has one nearby
    if (outage.kind === 'arrears' && !population.hasLowCredit(id)) {
      fallback ??= id;
      continue;
    }
    found.push(id);
  }
  if (found.length === 0 && fallback !== null) found.push(fallback);
  return found.sort((a, b) => a - b);
}

/**
 * An outage row as loaded: its cut-off accounts listed (unless it was called off), `affected_customers`
 * their number, and a one-account cut-off registered at the account's grid.
 */
export function withCustomers(
  world: World,
  population: Population,
  outage: OutageRow,
  affected: number,
  list: (row: OutageCustomerRow) => void,
): OutageRow {
  const ids = cutOff(world, population, outage, affected);
  if (outage.cancelled_at === null) for (const id of ids) list({ outage_id: outage.id, customer_id: id });
  const region_id = isCutOff(outage.kind) && ids.length > 0 ? population.gridOf(ids[0]!) : outage.region_id;
  return { ...outage, region_id, affected_customers: ids.length };
}

/**
 * The weak grids' own faults, registered at the grid, ids from `firstId` (gaps where a probe did not
 * fit); in each county in breach one of them is still off at the anchor, past the long-outage limit.
 */
export function* weakLineOutages(
  world: World,
  firstId: number,
): Generator<{ basis: OutageBasis; row: OutageRow }> {
  let id = firstId;
  const recent = Math.max(world.start, world.anchor - RECENT);
  const grids = world.grids.grids;
  for (let g = 0; g < grids.length; g++) {
    const grid = grids[g]!;
    if (!grid.weak) continue;
    const random = randomFor(world.seed, STREAM.weakLine, g);
    // the line has worn out lately: the faults of the last year are what makes these customers frequent
    const between = (from: number, to: number, perYear: number) =>
      Array.from({ length: poisson(random, (perYear * (to - from)) / (365 * DAY)) }, () =>
        roundToSecond(from + random() * (to - from)),
      );
    const starts = [
      ...between(world.start, recent, WEAK_FAULTS_BEFORE),
      ...between(recent, world.anchor, WEAK_FAULTS_PER_YEAR),
    ];
    for (const start of starts.sort((a, b) => a - b)) {
      const basis: OutageBasis = {
        id: id++,
        kind: 'fault',
        region_id: grid.id,
        area_class: grid.station.areaClass,
        start_at: start,
      };
      yield { basis, row: outageAt(basis, planOutage(world.seed, basis), world.anchor) };
    }
  }
  for (const county of ['ah.wuhu.nanling', 'ah.anqing.yuexi']) {
    const grid = grids.find((g) => g.weak && g.station.countyId === county)!;
    const random = randomFor(world.seed, STREAM.weakLine, id);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const start = roundToSecond(world.anchor - (4 * HOUR + uniformInt(random, 10, 50) * 60_000));
      const basis: OutageBasis = {
        id: id++,
        kind: 'fault',
        region_id: grid.id,
        area_class: grid.station.areaClass,
        start_at: start,
      };
      const plan = planOutage(world.seed, basis);
      if (plan.endAt! < world.anchor + INCIDENT_LASTS) continue;
      yield { basis, row: outageAt(basis, plan, world.anchor) };
      break;
    }
  }
}
