import { DAY, HOUR, SEGMENT_SHARES, type AreaClass, type Millis } from './model';
import { weighted, type WeightedChoice } from './random';
import { buildGrids, type GridSet } from './grids';
import { buildRegions, type RegionSet, type Station } from './regions';

/** Everything a generator needs to know, computed once per seed run: plain, read-only data. */
export interface World {
  seed: number;
  /** "now" of the data set: nothing happens after it except deadlines and planned future outages */
  anchor: Millis;
  /** first hour of the history */
  start: Millis;
  sizes: Sizes;
  regions: RegionSet;
  grids: GridSet;
  /** stations weighted by accounts */
  stationChoice: WeightedChoice<Station>;
  /** a station by its id or by the id of one of its grids */
  stationById: ReadonlyMap<string, Station>;
  segmentChoice: Readonly<Record<AreaClass, WeightedChoice<string>>>;
}

export interface Sizes {
  workOrders: number;
  customers: number;
  outages: number;
  connections: number;
  /** hotline calls over the history */
  calls: number;
}

/** About 2.5 years of history, whatever the volume. */
export const HISTORY_DAYS = 912;
export const DEFAULT_WORK_ORDERS = 250_000;
export const DEFAULT_SEED = 20240601;

/** Everything scales with the number of work orders (250k orders ↔ 200k customers). */
export function sizesFor(workOrders: number): Sizes {
  return {
    workOrders,
    customers: Math.max(100, Math.round(workOrders * 0.8)),
    outages: Math.max(20, Math.round(workOrders * 0.03)),
    connections: Math.max(20, Math.round(workOrders * 0.04)),
    calls: Math.max(100, Math.round(workOrders * 0.25)),
  };
}

export function startOfHour(t: Millis): Millis {
  return Math.floor(t / HOUR) * HOUR;
}

export function createWorld(options: { seed: number; anchor: Millis; workOrders: number }): World {
  const regions = buildRegions();
  const grids = buildGrids(regions);
  regions.regions.push(...grids.regions);
  const anchor = startOfHour(options.anchor);
  return {
    seed: options.seed >>> 0,
    anchor,
    start: anchor - HISTORY_DAYS * DAY,
    sizes: sizesFor(options.workOrders),
    regions,
    grids,
    stationChoice: weighted(regions.stations.map((s) => [s, s.weight] as const)),
    stationById: new Map([
      ...regions.stations.map((s) => [s.id, s] as const),
      ...grids.grids.map((g) => [g.id, g.station] as const),
    ]),
    segmentChoice: {
      urban: weighted(SEGMENT_SHARES.urban),
      rural: weighted(SEGMENT_SHARES.rural),
      remote: weighted(SEGMENT_SHARES.remote),
    },
  };
}

/** Random stream numbers: each kind of item draws from its own streams, one per item id. */
export const STREAM = {
  customer: 1,
  workOrder: 2,
  workOrderPlan: 3,
  outage: 4,
  outagePlan: 5,
  connection: 6,
  connectionPlan: 7,
  hourOffsets: 8,
  incident: 9,
  customerProfile: 10,
  escalation: 11,
  call: 12,
  arrears: 13,
  outageCustomers: 14,
  weakLine: 15,
  stages: 16,
} as const;
