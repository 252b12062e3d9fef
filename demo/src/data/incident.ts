import { customerOf, roundToSecond } from './customers';
import { ARRIVAL_LIMIT, DAY, HOUR, MINUTE, type WorkOrderType } from './model';
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
    const customer = customerOf(world, id);
    const station = countyStations.find((s) => customer.region_id.startsWith(`${s.id}.`));
    if (station && customer.opened_at < world.anchor - 7 * DAY && customer.closed_at === null) {
      return { customer, station };
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

export function* incidentWorkOrders(world: World, firstId: number): Generator<WorkOrderRecord> {
  const sizes = incidentSizes(world.sizes.workOrders);
  const random = randomFor(world.seed, STREAM.incident, 1);
  let id = firstId;
  const record = (basis: ReturnType<typeof acceptWorkOrder>) => {
    const plan = planWorkOrder(world.seed, basis);
    return { row: workOrderAt(basis, plan, world.anchor), plan };
  };

  const repairStations = stationsOf(world, SLOW_REPAIRS_COUNTY);
  for (let made = 0; made < sizes.overdueRepairs; id++) {
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
  for (let made = 0; made < sizes.backlog; id++) {
    const caller = callerIn(world, random, backlogStations);
    const type = backlogTypes[made % backlogTypes.length]!;
    for (let attempt = 0; attempt < 12; attempt++) {
      const acceptedAt = roundToSecond(world.anchor - (0.5 + 9.5 * random()) * DAY);
      const basis = acceptWorkOrder(
        randomFor(world.seed, STREAM.workOrder, id),
        id,
        acceptedAt,
        caller,
        type,
      );
      const plan = planWorkOrder(world.seed, basis);
      const overdue =
        basis.deadline_at !== null &&
        basis.deadline_at < world.anchor &&
        plan.cancelAt === null &&
        plan.closeAt! > world.anchor + INCIDENT_LASTS;
      if (overdue) {
        yield record(basis);
        made++;
        break;
      }
    }
  }
}

/** A fault in 岳西 that started before the anchor and is not in the 95598 system (limit 15 min) for long. */
export function incidentOutages(world: World, firstId: number): OutageRow[] {
  const random = randomFor(world.seed, STREAM.incident, 2);
  const stations = stationsOf(world, SLOW_REPAIRS_COUNTY).filter((s) => s.areaClass === 'remote');
  for (let id = firstId; ; id++) {
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
