import { SLOW_REPAIRS_COUNTY } from './incident';
import { DAY, HOUR, type Millis, type OutageKind } from './model';
import { faultWeight, planOutage, registerOutage, type OutageBasis } from './outages';
import { pick, uniformInt, weighted } from './random';
import { arrivalTimes, date, due, ms, nextId, stamp, table, type TickContext } from './tick-context';
import { cutOffCustomers } from './tick-v2';

const scheduledKinds = weighted<OutageKind>([
  ['planned', 70],
  ['temporary', 18],
  ['load_shedding', 4],
  ['breach', 2],
  ['arrears', 6],
]);

/** New faults (more in remote places and in 岳西), and announced outages and cut-offs scheduled ahead. */
export async function registerNewOutages(ctx: TickContext): Promise<number> {
  const faults = arrivalTimes(ctx, ctx.rates.faultsPerSecond).map((t) => ({
    t,
    kind: 'fault' as OutageKind,
  }));
  const scheduled = arrivalTimes(ctx, ctx.rates.scheduledOutagesPerSecond).map((t) => ({
    t,
    kind: pick(ctx.random, scheduledKinds),
  }));
  const all = [...faults, ...scheduled];
  if (all.length === 0) return 0;
  const stations = weighted(
    ctx.world.regions.stations.map(
      (s) => [s, faultWeight(s) * (s.countyId === SLOW_REPAIRS_COUNTY ? 4 : 1)] as const,
    ),
  );
  let id = await nextId(ctx, 'outages');
  const rows = all.map(({ t, kind }) => {
    const station = pick(ctx.random, stations);
    // scheduled work starts 08:00–10:00 local, 9–16 days (planned) or 2–3 days (temporary) ahead
    const start =
      kind === 'fault'
        ? t
        : Math.floor((t + 8 * HOUR) / DAY) * DAY -
          8 * HOUR +
          (kind === 'planned' ? uniformInt(ctx.random, 9, 16) : uniformInt(ctx.random, 2, 3)) * DAY +
          uniformInt(ctx.random, 8, 10) * HOUR;
    const basis = registerOutage(ctx.random, id++, station, kind, start);
    const plan = planOutage(ctx.world.seed, basis);
    return {
      ...basis,
      start_at: new Date(basis.start_at),
      affected_customers: plan.affected,
      planned_end_at: date(plan.plannedEndAt),
      notified_at:
        plan.notifyAt !== null && plan.notifyAt <= ctx.now ? new Date(stamp(ctx, plan.notifyAt)) : null,
      info_reported_at:
        plan.infoReportAt !== null && plan.infoReportAt <= ctx.now
          ? new Date(stamp(ctx, plan.infoReportAt))
          : null,
    };
  });
  await table(ctx, 'outages').insert(rows);
  await cutOffCustomers(ctx, rows);
  return rows.length;
}

interface OpenOutage {
  id: string | number;
  kind: OutageKind;
  region_id: string;
  area_class: OutageBasis['area_class'];
  start_at: Date;
  notified_at: Date | null;
  end_at: Date | null;
  info_reported_at: Date | null;
  restore_reported_at: Date | null;
  info_valid: boolean | null;
  restore_info_valid: boolean | null;
}

/** Notices go out, power comes back, information reaches the 95598 system and gets checked. */
export async function progressOutages(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'outages')
    .select(
      'id',
      'kind',
      'region_id',
      'area_class',
      'start_at',
      'notified_at',
      'end_at',
      'info_reported_at',
      'restore_reported_at',
      'info_valid',
      'restore_info_valid',
    )
    .whereNull('cancelled_at')
    .where('start_at', '>', new Date(ctx.now - 30 * DAY))
    .where((q) =>
      q
        .whereNull('end_at')
        .orWhereNull('restore_reported_at')
        .orWhereNull('info_reported_at')
        .orWhereNull('info_valid')
        .orWhereNull('restore_info_valid'),
    )) as OpenOutage[];
  let updated = 0;
  for (const row of open) {
    const basis: OutageBasis = {
      id: Number(row.id),
      kind: row.kind,
      region_id: row.region_id,
      area_class: row.area_class,
      start_at: ms(row.start_at)!,
    };
    const plan = planOutage(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    const set = (column: keyof OpenOutage, planned: Millis | null) => {
      if (due(ctx, planned, row[column])) change[column] = new Date(stamp(ctx, planned!));
    };
    set('notified_at', plan.notifyAt);
    set('info_reported_at', plan.infoReportAt);
    set('end_at', plan.endAt);
    set('restore_reported_at', plan.restoreReportAt);
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    // checked only once reported, in this tick or earlier
    const reported = row.info_reported_at !== null || 'info_reported_at' in change;
    if (reported && due(ctx, plan.checkAt, row.info_valid)) change.info_valid = plan.valid;
    const restoreReported = row.restore_reported_at !== null || 'restore_reported_at' in change;
    if (restoreReported && due(ctx, plan.restoreCheckAt, row.restore_info_valid))
      change.restore_info_valid = plan.restoreValid;
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'outages').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}
