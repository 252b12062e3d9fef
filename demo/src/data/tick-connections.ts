import { acceptConnection, planConnection, type ConnectionBasis } from './connections';
import { DAY } from './model';
import { pick } from './random';
import { arrivalTimes, due, ms, nextId, stamp, table, type TickContext } from './tick-context';
import { syncStages } from './tick-v2';

export async function acceptNewConnections(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.connectionsPerSecond);
  if (times.length === 0) return 0;
  let id = await nextId(ctx, 'connection_applications');
  const bases = times.map((t) =>
    acceptConnection(ctx.random, id++, pick(ctx.random, ctx.world.stationChoice), t),
  );
  const rows = bases.map((basis) => ({
    ...basis,
    accepted_at: new Date(basis.accepted_at),
    deadline_at: new Date(basis.deadline_at),
  }));
  await table(ctx, 'connection_applications').insert(rows);
  for (const basis of bases) await syncStages(ctx, basis, planConnection(ctx.world.seed, basis));
  return rows.length;
}

/** Meters installed (装表接电) or applications withdrawn, as planned. */
export async function progressConnections(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'connection_applications')
    .select('id', 'region_id', 'segment', 'customer_class', 'accepted_at', 'deadline_at')
    .whereNull('completed_at')
    .whereNull('cancelled_at')
    .where('accepted_at', '>', new Date(ctx.now - 180 * DAY))) as (Omit<
    ConnectionBasis,
    'id' | 'accepted_at' | 'deadline_at'
  > & {
    id: string | number;
    accepted_at: Date;
    deadline_at: Date;
  })[];
  let updated = 0;
  for (const row of open) {
    const basis: ConnectionBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at)!,
    };
    const plan = planConnection(ctx.world.seed, basis);
    await syncStages(ctx, basis, plan);
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.completeAt, null)) change.completed_at = new Date(stamp(ctx, plan.completeAt!));
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'connection_applications').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}
