import { accountOf, customerOf, roundToSecond } from './customers';
import { addWorkingDays } from './calendar';
import {
  ARRIVAL_LIMIT,
  DAY,
  HOUR,
  MINUTE,
  TYPE_WORKING_DAYS,
  type Millis,
  type WorkOrderType,
} from './model';
import { planOutage, outageAt, registerOutage } from './outages';
import { pick, randomFor, type Random } from './random';
import type { Station } from './regions';
import {
  acceptWorkOrder,
  planWorkOrder,
  workOrderAt,
  type Caller,
  type WorkOrderRecord,
} from './work-orders';
import { STREAM, type World } from './world';
import type { OutageRow } from './model';

/**
 * The trouble going on at the anchor, so live KPIs and alert rules have something to catch from the
 * first refresh (see quality.ts for the two bad counties):
 * - 岳西县: repairs of the last hours whose crew is overdue right now;
 * - 南陵县: work orders of the last days still open past their deadline;
 * - 岳西县: a fault outage whose information report is late right now.
 * Ids are searched from `firstId` upwards: an id whose plan does not fit the story is skipped (a gap).
 */
export const SLOW_REPAIRS_COUNTY = 'ah.anqing.yuexi';
export const BACKLOG_COUNTY = 'ah.wuhu.nanling';
/**
 * Every item of the incident is still in breach this long after the anchor. The anchor is the start
 * of the hour the demo was seeded in: whatever the minute, the breach lasts more than an hour after.
 */
export const INCIDENT_LASTS = 2 * HOUR;

export function incidentSizes(workOrders: number) {
  const extra = Math.round(workOrders / 50_000);
  return { overdueRepairs: 6 + extra, backlog: 8 + extra };
}

function stationsOf(world: World, countyId: string): Station[] {
  return world.regions.stations.filter((s) => s.countyId === countyId);
}

/** An account served by `station`'s county, found by walking ids from a random start. */
function callerIn(world: World, random: Random, countyStations: Station[]): Caller {
  const start = 1 + Math.floor(random() * world.sizes.customers);
  for (let i = 0; i < 2000; i++) {
    const id = 1 + ((start + i - 1) % world.sizes.customers);
    // the account alone decides; only the one found needs its profile
    const account = accountOf(world, id);
    const station = countyStations.find((s) => account.region_id.startsWith(`${s.id}.`));
    if (station && account.opened_at < world.anchor - 7 * DAY && account.closed_at === null) {
      return { customer: customerOf(world, id), station };
    }
  }
  return {
    customer: null,
    station: pick(random, { values: countyStations, cumulative: cumulative(countyStations) }),
  };
}

function cumulative(stations: Station[]): Float64Array {
  return Float64Array.from(stations, (_, i) => (i + 1) / stations.length);
}

/**
 * How many ids a search of the incident may skip before it gives up: a story that fits no id within
 * this is a bug of the demo, reported as one rather than searched for forever.
 */
const SEARCH_LIMIT = 20_000;

/** The next id from `firstId` upwards at each call; past SEARCH_LIMIT of them, an error naming `what`. */
function idSearch(firstId: number, what: string): () => number {
  let id = firstId;
  return () => {
    if (id >= firstId + SEARCH_LIMIT)
      throw new Error(`demo incident: no id from ${firstId} on fits ${what} within ${SEARCH_LIMIT} tries`);
    return id++;
  };
}

/**
 * The latest acceptance time whose deadline (`days` working days later) is at or before `target`:
 * weekends make the span between acceptance and deadline vary, so it is walked back to, not guessed.
 */
function acceptedForDeadline(target: Millis, days: number): Millis {
  let at = roundToSecond(target - days * DAY);
  while (addWorkingDays(at, days) > target) at -= HOUR;
  return at;
}

export function* incidentWorkOrders(world: World, firstId: number): Generator<WorkOrderRecord> {
  const sizes = incidentSizes(world.sizes.workOrders);
  const random = randomFor(world.seed, STREAM.incident, 1);
  const nextId = idSearch(firstId, "the incident's work orders");
  const record = (basis: ReturnType<typeof acceptWorkOrder>) => {
    const plan = planWorkOrder(world.seed, basis);
    return { row: workOrderAt(basis, plan, world.anchor), plan };
  };

  const repairStations = stationsOf(world, SLOW_REPAIRS_COUNTY);
  for (let made = 0; made < sizes.overdueRepairs;) {
    const id = nextId();
    const caller = callerIn(world, random, repairStations);
    const probe = acceptWorkOrder(
      randomFor(world.seed, STREAM.workOrder, id),
      id,
      world.anchor,
      caller,
      'repair',
    );
    const plan = planWorkOrder(world.seed, probe);
    if (plan.arriveAt === null) continue;
    const limit = ARRIVAL_LIMIT[probe.area_class];
    const travel = plan.arriveAt - world.anchor;
    // accepted so that the limit passed minutes before the anchor, the crew still far away
    const ago = limit + (5 + 10 * random()) * MINUTE;
    if (travel - ago < INCIDENT_LASTS) continue; // this crew would arrive too soon: not part of the story
    const acceptedAt = roundToSecond(world.anchor - ago);
    yield record(
      acceptWorkOrder(randomFor(world.seed, STREAM.workOrder, id), id, acceptedAt, caller, 'repair'),
    );
    made++;
  }

  const backlogStations = stationsOf(world, BACKLOG_COUNTY);
  const backlogTypes: WorkOrderType[] = ['consultation', 'service_request', 'complaint', 'urge', 'report'];
  for (let made = 0; made < sizes.backlog;) {
    const id = nextId();
    const caller = callerIn(world, random, backlogStations);
    const type = backlogTypes[made % backlogTypes.length]!;
    // past its deadline by a few hours to two days, whatever weekday and hour the anchor is
    const overdueBy = (2 + 46 * random()) * HOUR;
    const acceptedAt = acceptedForDeadline(world.anchor - overdueBy, TYPE_WORKING_DAYS[type]!);
    const basis = acceptWorkOrder(randomFor(world.seed, STREAM.workOrder, id), id, acceptedAt, caller, type);
    const plan = planWorkOrder(world.seed, basis);
    // the order's own plan must keep it open past the incident: an id whose plan closes it sooner is skipped
    if (plan.cancelAt !== null || plan.closeAt! < world.anchor + INCIDENT_LASTS) continue;
    yield record(basis);
    made++;
  }
}

/** A fault in 岳西 that started before the anchor and is not in the 95598 system (limit 15 min) for long. */
export function incidentOutages(world: World, firstId: number): OutageRow[] {
  const random = randomFor(world.seed, STREAM.incident, 2);
  const stations = stationsOf(world, SLOW_REPAIRS_COUNTY).filter((s) => s.areaClass === 'remote');
  const nextId = idSearch(firstId, "the incident's late outage report");
  for (;;) {
    const id = nextId();
    const station = stations[id % stations.length]!;
    const probe = registerOutage(random, id, station, 'fault', world.anchor);
    const plan = planOutage(world.seed, probe);
    const start = roundToSecond(world.anchor - (20 + 10 * random()) * MINUTE);
    // the plan is relative to the start: reported and ended this long after it
    const reported = start + plan.infoReportAt! - world.anchor;
    const ended = start + plan.endAt! - world.anchor;
    if (reported < world.anchor + INCIDENT_LASTS || ended < world.anchor + INCIDENT_LASTS) continue;
    const basis = { ...probe, start_at: start };
    return [outageAt(basis, planOutage(world.seed, basis), world.anchor)];
  }
}
