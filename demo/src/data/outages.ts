import { roundToSecond } from './customers';
import { DAY, HOUR, MINUTE, type AreaClass, type Millis, type OutageKind, type OutageRow } from './model';
import { qualityOf } from './quality';
import { serviceQualityOf } from './quality-v2';
import { chance, lognormal, pick, randomFor, uniformInt, weighted, type Random } from './random';
import type { Station } from './regions';
import { STREAM, type World } from './world';

/** What is fixed when an outage is registered: enough to replay its life (see planOutage). */
export interface OutageBasis {
  id: number;
  kind: OutageKind;
  region_id: string;
  area_class: AreaClass;
  start_at: Millis;
}

export interface OutagePlan {
  affected: number;
  notifyAt: Millis | null;
  plannedEndAt: Millis | null;
  cancelAt: Millis | null;
  endAt: Millis | null;
  infoReportAt: Millis | null;
  restoreReportAt: Millis | null;
  /** when the submitted information is checked, and the verdict */
  checkAt: Millis | null;
  valid: boolean;
  /** when the restoration information is checked, and the verdict */
  restoreCheckAt: Millis | null;
  restoreValid: boolean;
}

const kindChoice = weighted<OutageKind>([
  ['fault', 53],
  ['planned', 33],
  ['temporary', 8.5],
  ['load_shedding', 2],
  ['breach', 1],
  ['arrears', 2.5],
]);
/** how long before the start customers must be told (kpis.md defaults) */
const NOTICE_LEAD: Record<Exclude<OutageKind, 'fault'>, number> = {
  planned: 7 * DAY,
  temporary: DAY,
  load_shedding: DAY,
  breach: 3 * DAY,
  arrears: 3 * DAY,
};
/** a cut-off of one account (for breach of contract or unpaid bills): no planned end, back once settled */
export const isCutOff = (kind: OutageKind) => kind === 'breach' || kind === 'arrears';
const FAULT_PRONENESS: Record<AreaClass, number> = { urban: 1, rural: 1.6, remote: 2.2 };

/** Pure: the life of an outage from its registration data, its region's quality and the seed. */
export function planOutage(seed: number, basis: OutageBasis): OutagePlan {
  const random = randomFor(seed, STREAM.outagePlan, basis.id);
  const q = qualityOf(basis.region_id);
  const start = basis.start_at;
  const at = (t: number) => roundToSecond(t);
  const lateNotice = chance(random, q.lateNotice);
  let notifyAt: number | null = null;
  let plannedEndAt: number | null = null;
  let cancelAt: number | null = null;
  let endAt: number;
  let infoReportAt: number;
  if (basis.kind === 'fault') {
    const length = q.restoration * serviceQualityOf(basis.region_id).outageLength;
    endAt = at(start + lognormal(random, 1.8 * HOUR * length, 0.6));
    infoReportAt = at(start + lognormal(random, 6 * MINUTE * q.outageReport, 0.6));
  } else {
    const lead = NOTICE_LEAD[basis.kind];
    notifyAt = at(
      lateNotice
        ? start - lead * (0.15 + 0.7 * random())
        : start - lead - lognormal(random, basis.kind === 'planned' ? 2 * DAY : 8 * HOUR, 0.6),
    );
    const hours = basis.kind === 'planned' ? uniformInt(random, 8, 20) / 2 : uniformInt(random, 4, 12) / 2;
    plannedEndAt = start + hours * HOUR;
    const overrun = chance(random, 0.07 * q.restoration);
    endAt = at(
      overrun
        ? plannedEndAt + lognormal(random, 40 * MINUTE, 0.6)
        : plannedEndAt - lognormal(random, 30 * MINUTE, 0.8) * 0.9, // never before the start
    );
    endAt = Math.max(endAt, start + 10 * MINUTE);
    if (isCutOff(basis.kind)) {
      plannedEndAt = null;
      endAt = at(start + lognormal(random, 3 * HOUR, 0.6));
    }
    infoReportAt = lateNotice
      ? at(start + lognormal(random, 20 * MINUTE, 0.6))
      : at(Math.min(notifyAt + lognormal(random, 3 * HOUR, 0.5), start - 10 * MINUTE));
    if (basis.kind === 'planned' && chance(random, 0.04)) cancelAt = at(start - lognormal(random, DAY, 0.8));
  }
  const restoreReportAt = at(endAt + lognormal(random, 5 * MINUTE * Math.sqrt(q.outageReport), 0.7));
  const valid = !chance(random, q.outageReport > 1 ? 0.12 : 0.04);
  const checkAt = at(infoReportAt + lognormal(random, 30 * MINUTE, 0.5));
  const affected = isCutOff(basis.kind)
    ? 1
    : Math.max(
        1,
        Math.round(basis.kind === 'fault' ? lognormal(random, 250, 1) : lognormal(random, 800, 0.8)),
      );
  const restoreValid = !chance(random, serviceQualityOf(basis.region_id).invalidRestoreInfo);
  const restoreCheckAt = at(restoreReportAt + lognormal(random, 40 * MINUTE, 0.5));
  if (cancelAt !== null) {
    // called off: no power cut, nothing to restore; information already sent stays sent
    return {
      affected,
      notifyAt: notifyAt !== null && notifyAt < cancelAt ? notifyAt : null,
      plannedEndAt,
      cancelAt,
      endAt: null,
      infoReportAt: infoReportAt < cancelAt ? infoReportAt : null,
      restoreReportAt: null,
      checkAt: infoReportAt < cancelAt ? checkAt : null,
      valid,
      restoreCheckAt: null,
      restoreValid,
    };
  }
  return {
    affected,
    notifyAt,
    plannedEndAt,
    cancelAt,
    endAt,
    infoReportAt,
    restoreReportAt,
    checkAt,
    valid,
    restoreCheckAt,
    restoreValid,
  };
}

const seen = (t: Millis | null, now: Millis) => (t !== null && t <= now ? t : null);

/** The row as the CRM shows it at `now`. Planned ends and future starts are known in advance. */
export function outageAt(basis: OutageBasis, plan: OutagePlan, now: Millis): OutageRow {
  const checked = seen(plan.checkAt, now) !== null;
  return {
    id: basis.id,
    region_id: basis.region_id,
    kind: basis.kind,
    area_class: basis.area_class,
    affected_customers: plan.affected,
    notified_at: seen(plan.notifyAt, now),
    start_at: basis.start_at,
    planned_end_at: plan.plannedEndAt,
    end_at: seen(plan.endAt, now),
    info_reported_at: seen(plan.infoReportAt, now),
    restore_reported_at: seen(plan.restoreReportAt, now),
    info_valid: checked ? plan.valid : null,
    restore_info_valid: seen(plan.restoreCheckAt, now) !== null ? plan.restoreValid : null,
    cancelled_at: seen(plan.cancelAt, now),
  };
}

/** Faults hit rural and remote lines more; planned work starts in the morning, local time. */
export function registerOutage(
  random: Random,
  id: number,
  station: Station,
  kind: OutageKind,
  start: Millis,
) {
  const region_id = random() < 0.8 ? station.id : station.countyId;
  return { id, kind, region_id, area_class: station.areaClass, start_at: start } satisfies OutageBasis;
}

export function drawOutageKind(random: Random): OutageKind {
  return pick(random, kindChoice);
}

export function faultWeight(station: Station): number {
  return station.weight * FAULT_PRONENESS[station.areaClass];
}

/** Outages over the history, plus planned ones already scheduled for the next two weeks. */
export function* historicalOutages(world: World, count: number): Generator<OutageRow> {
  const stations = weighted(world.regions.stations.map((s) => [s, faultWeight(s)] as const));
  const span = world.anchor - world.start;
  for (let id = 1; id <= count; id++) {
    const random = randomFor(world.seed, STREAM.outage, id);
    const kind = drawOutageKind(random);
    const station = pick(random, stations);
    let start = world.start + Math.floor(random() * span);
    if (kind !== 'fault') {
      // scheduled work: whole hours in the morning (08:00–10:00 local); 2% already scheduled ahead
      if (chance(random, 0.02)) start = world.anchor + Math.floor(random() * 14 * DAY);
      start = Math.floor((start + 8 * HOUR) / DAY) * DAY - 8 * HOUR + uniformInt(random, 8, 10) * HOUR;
    }
    const basis = registerOutage(random, id, station, kind, roundToSecond(start));
    yield outageAt(basis, planOutage(world.seed, basis), world.anchor);
  }
}
