import { BACKLOG_COUNTY, SLOW_REPAIRS_COUNTY } from './incident';
import { DAY } from './model';
import { pick } from './random';
import {
  caller,
  arrivalTimes,
  due,
  ms,
  nextId,
  stamp,
  table,
  toDates,
  type TickContext,
} from './tick-context';
import { acceptWorkOrder, planWorkOrder, workOrderAt, type WorkOrderBasis } from './work-orders';

/** The ticker's work orders: new ones arrive, open ones follow their plans, callbacks come due. */
export async function acceptNewWorkOrders(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.workOrdersPerSecond, ctx.workOrdersFrom);
  if (times.length === 0) return 0;
  let id = await nextId(ctx, 'work_orders');
  const rows = times.map((acceptedAt) => {
    const u = ctx.random();
    const story =
      u < ctx.rates.slowRepairsShare
        ? 'slow'
        : u < ctx.rates.slowRepairsShare + ctx.rates.backlogShare
          ? 'backlog'
          : 'normal';
    const county =
      story === 'slow'
        ? SLOW_REPAIRS_COUNTY
        : story === 'backlog'
          ? BACKLOG_COUNTY
          : pick(ctx.random, ctx.callers.counties);
    const who = caller(ctx, county);
    const basis = acceptWorkOrder(ctx.random, id++, acceptedAt, who, story === 'slow' ? 'repair' : undefined);
    // what happened to it by now (only warm-up orders of the first tick have a past)
    const plan = planWorkOrder(ctx.world.seed, basis);
    const row = workOrderAt(basis, plan, ctx.now);
    if (row.closed_at !== null && plan.callback)
      ctx.pendingCallbacks.push({ workOrderId: row.id, callback: plan.callback });
    return row;
  });
  const records = rows.map(toDates);
  // PostgreSQL takes at most 65535 parameters per statement: 1000 rows of 17 columns at a time
  for (let i = 0; i < records.length; i += 1000)
    await table(ctx, 'work_orders').insert(records.slice(i, i + 1000));
  return rows.length;
}

interface OpenWorkOrder {
  id: string | number;
  type: WorkOrderBasis['type'];
  region_id: string;
  area_class: WorkOrderBasis['area_class'];
  accepted_at: Date;
  deadline_at: Date | null;
  arrived_at: Date | null;
  restored_at: Date | null;
}

/** Open orders move on as their plans say: crews arrive, power comes back, replies go out. */
export async function progressWorkOrders(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'work_orders')
    .select(
      'id',
      'type',
      'region_id',
      'area_class',
      'accepted_at',
      'deadline_at',
      'arrived_at',
      'restored_at',
    )
    .whereNull('closed_at')
    .whereNull('cancelled_at')
    .where('accepted_at', '>', new Date(ctx.now - 90 * DAY))) as OpenWorkOrder[];
  let updated = 0;
  for (const row of open) {
    const basis: WorkOrderBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at),
    };
    const plan = planWorkOrder(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.arriveAt, row.arrived_at)) change.arrived_at = new Date(stamp(ctx, plan.arriveAt!));
    if (due(ctx, plan.restoreAt, row.restored_at)) change.restored_at = new Date(stamp(ctx, plan.restoreAt!));
    if (due(ctx, plan.cancelAt, null)) change.cancelled_at = new Date(stamp(ctx, plan.cancelAt!));
    if (due(ctx, plan.closeAt, null)) {
      change.closed_at = new Date(stamp(ctx, plan.closeAt!));
      change.returned_count = plan.returnedCount;
      change.substantiated = plan.substantiated;
      if (plan.callback) ctx.pendingCallbacks.push({ workOrderId: basis.id, callback: plan.callback });
    }
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'work_orders').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

/**
 * Return visits. The first tick finds the orders closed in the last days without one; afterwards the
 * ticker remembers the callbacks planned for the orders it closes, so no tick rescans the table.
 */
export async function makeCallbacks(ctx: TickContext): Promise<number> {
  if (ctx.since === null) {
    const closed = (await table(ctx, 'work_orders as w')
      .select('w.id', 'w.type', 'w.region_id', 'w.area_class', 'w.accepted_at', 'w.deadline_at')
      .where('w.closed_at', '>', new Date(ctx.now - 5 * DAY))
      .whereRaw('not exists (select 1 from ??.callbacks c where c.work_order_id = w.id)', [
        ctx.schema,
      ])) as OpenWorkOrder[];
    for (const row of closed) {
      const basis: WorkOrderBasis = {
        ...row,
        id: Number(row.id),
        accepted_at: ms(row.accepted_at)!,
        deadline_at: ms(row.deadline_at),
      };
      const callback = planWorkOrder(ctx.world.seed, basis).callback;
      if (callback) ctx.pendingCallbacks.push({ workOrderId: basis.id, callback });
    }
  }
  const due = ctx.pendingCallbacks.filter((p) => p.callback.at <= ctx.now);
  if (due.length === 0) return 0;
  const later = ctx.pendingCallbacks.filter((p) => p.callback.at > ctx.now);
  ctx.pendingCallbacks.splice(0, ctx.pendingCallbacks.length, ...later);
  let id = await nextId(ctx, 'callbacks');
  const rows = due.map(({ workOrderId, callback }) => ({
    id: id++,
    work_order_id: workOrderId,
    called_at: new Date(stamp(ctx, callback.at)),
    reached: callback.reached,
    satisfaction: callback.satisfaction,
  }));
  for (let i = 0; i < rows.length; i += 1000) await table(ctx, 'callbacks').insert(rows.slice(i, i + 1000));
  return rows.length;
}
