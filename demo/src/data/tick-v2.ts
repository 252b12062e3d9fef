import { billAmount, planSettlement, unpaidChance } from './arrears';
import { callAt, planCall, queueChoice, type CallBasis } from './calls';
import type { ConnectionBasis, ConnectionPlan } from './connections';
import { DAY, type CreditGrade, type Millis } from './model';
import { isCutOff } from './outages';
import { PROVINCE } from './regions';
import { chance, pick } from './random';
import { planStages, stagesAt } from './stages';
import {
  arrivalTimes,
  caller,
  due,
  ms,
  nextId,
  stamp,
  table,
  toDates,
  type TickContext,
} from './tick-context';
import { planWorkOrder, type WorkOrderBasis } from './work-orders';

// The ticker's v2 relations: calls, bills falling due and settled, escalations, stages, cut-off lists.

const seenBy = (ctx: TickContext, t: Millis | null) =>
  t !== null && t <= ctx.now ? new Date(stamp(ctx, t)) : null;

export async function offerNewCalls(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.callsPerSecond);
  if (times.length === 0) return 0;
  let id = await nextId(ctx, 'calls');
  const rows = times.map((t) => {
    const who = caller(ctx, pick(ctx.random, ctx.callers.counties));
    const queue = pick(ctx.random, queueChoice);
    const basis: CallBasis = {
      id: id++,
      region_id: who.customer?.region_id ?? PROVINCE.id,
      queue,
      offered_at: t,
    };
    return toDates(callAt(basis, planCall(ctx.world.seed, basis), ctx.now));
  });
  for (let i = 0; i < rows.length; i += 1000) await table(ctx, 'calls').insert(rows.slice(i, i + 1000));
  return rows.length;
}

/** Waiting calls are answered or abandoned, abandoned ones called back, as planned. */
export async function progressCalls(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'calls')
    .select('id', 'region_id', 'queue', 'offered_at', 'answered_at', 'abandoned_at', 'called_back_at')
    .where('offered_at', '>', new Date(ctx.now - 4 * DAY))
    .where((q) =>
      q
        .where((w) => w.whereNull('answered_at').whereNull('abandoned_at'))
        .orWhere((w) => w.whereNotNull('abandoned_at').whereNull('called_back_at')),
    )) as {
    id: string;
    region_id: string;
    queue: string;
    offered_at: Date;
    answered_at: Date | null;
    abandoned_at: Date | null;
    called_back_at: Date | null;
  }[];
  let updated = 0;
  for (const row of open) {
    const basis: CallBasis = {
      id: Number(row.id),
      region_id: row.region_id,
      queue: row.queue,
      offered_at: ms(row.offered_at)!,
    };
    const plan = planCall(ctx.world.seed, basis);
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.answerAt, row.answered_at)) change.answered_at = seenBy(ctx, plan.answerAt);
    if (due(ctx, plan.abandonAt, row.abandoned_at)) change.abandoned_at = seenBy(ctx, plan.abandonAt);
    const abandoned = row.abandoned_at !== null || 'abandoned_at' in change;
    if (abandoned && due(ctx, plan.callBackAt, row.called_back_at))
      change.called_back_at = seenBy(ctx, plan.callBackAt);
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'calls').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

interface Debtor {
  id: string | number;
  region_id: string;
  segment: string;
  credit_grade: CreditGrade | null;
  vulnerable: boolean;
}

/** Bills of sampled accounts fall due unpaid (low-credit ones far more often); due ones get settled. */
export async function billsFallingDue(ctx: TickContext): Promise<number> {
  const times = arrivalTimes(ctx, ctx.rates.billsPerSecond);
  if (times.length === 0) return 0;
  const sampled = times.map((t) => ({
    t,
    who: caller(ctx, pick(ctx.random, ctx.callers.counties)).customer,
  }));
  const ids = sampled.flatMap((s) => (s.who ? [s.who.id] : []));
  const debtors = new Map(
    (
      (await table(ctx, 'customers')
        .select('id', 'region_id', 'segment', 'credit_grade', 'vulnerable')
        .whereIn('id', ids)) as Debtor[]
    ).map((d) => [Number(d.id), d]),
  );
  let id = await nextId(ctx, 'arrears');
  const rows = sampled.flatMap(({ t, who }) => {
    const debtor = who ? debtors.get(who.id) : undefined;
    // the unpaid chance, raised so that bills arrive every few ticks, keeps the grades' proportions
    if (!debtor || !chance(ctx.random, Math.min(1, unpaidChance({ ...debtor, id: Number(debtor.id) }) * 10)))
      return [];
    return [
      {
        id: id++,
        customer_id: Number(debtor.id),
        region_id: debtor.region_id,
        segment: debtor.segment,
        due_at: new Date(t),
        amount_fen: billAmount(ctx.random, debtor.segment),
      },
    ];
  });
  if (rows.length > 0) await table(ctx, 'arrears').insert(rows);
  return rows.length;
}

export async function settleArrears(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'arrears as a')
    .join('customers as c', 'c.id', 'a.customer_id')
    .select('a.id', 'a.due_at', 'c.id as customer_id', 'c.region_id', 'c.credit_grade', 'c.vulnerable')
    .whereNull('a.settled_at')
    .where('a.due_at', '>', new Date(ctx.now - 400 * DAY))) as {
    id: string;
    due_at: Date;
    customer_id: string;
    region_id: string;
    credit_grade: CreditGrade | null;
    vulnerable: boolean;
  }[];
  let settled = 0;
  for (const row of open) {
    const debtor = {
      id: Number(row.customer_id),
      region_id: row.region_id,
      credit_grade: row.credit_grade,
      vulnerable: row.vulnerable,
    };
    const at = planSettlement(ctx.world.seed, Number(row.id), debtor, ms(row.due_at)!);
    if (!due(ctx, at, null)) continue;
    await table(ctx, 'arrears')
      .where({ id: Number(row.id) })
      .update({ settled_at: seenBy(ctx, at) });
    settled++;
  }
  return settled;
}

/** Escalations and rectifications follow their plans, also after the order itself was closed. */
export async function progressEscalations(ctx: TickContext): Promise<number> {
  const open = (await table(ctx, 'work_orders')
    .select(
      'id',
      'type',
      'region_id',
      'area_class',
      'accepted_at',
      'deadline_at',
      'escalated_at',
      'remediated_at',
    )
    .whereIn('type', ['complaint', 'urge', 'opinion'])
    .whereNull('cancelled_at')
    .whereNull('remediated_at')
    .where('accepted_at', '>', new Date(ctx.now - 120 * DAY))) as (Omit<
    WorkOrderBasis,
    'id' | 'accepted_at' | 'deadline_at'
  > & {
    id: string;
    accepted_at: Date;
    deadline_at: Date | null;
    escalated_at: Date | null;
    remediated_at: Date | null;
  })[];
  let updated = 0;
  for (const row of open) {
    const basis: WorkOrderBasis = {
      ...row,
      id: Number(row.id),
      accepted_at: ms(row.accepted_at)!,
      deadline_at: ms(row.deadline_at),
    };
    const plan = planWorkOrder(ctx.world.seed, basis).escalation;
    const change: Record<string, unknown> = {};
    if (due(ctx, plan.escalateAt, row.escalated_at)) {
      change.escalated_at = seenBy(ctx, plan.escalateAt);
      change.remediation_due_at = new Date(plan.remediationDueAt!);
    }
    const escalated = row.escalated_at !== null || 'escalated_at' in change;
    if (escalated && due(ctx, plan.remediateAt, null)) change.remediated_at = seenBy(ctx, plan.remediateAt);
    if (Object.keys(change).length === 0) continue;
    await table(ctx, 'work_orders').where({ id: basis.id }).update(change);
    updated++;
  }
  return updated;
}

/** An application's stages as of now: started ones inserted, completed ones marked. */
export async function syncStages(
  ctx: TickContext,
  basis: ConnectionBasis,
  plan: ConnectionPlan,
): Promise<void> {
  const rows = stagesAt(basis, plan, planStages(ctx.world.seed, basis, plan), ctx.now).map((s) => ({
    ...s,
    started_at: new Date(stamp(ctx, s.started_at)),
    deadline_at: new Date(s.deadline_at),
    completed_at: s.completed_at === null ? null : new Date(stamp(ctx, s.completed_at)),
  }));
  if (rows.length === 0) return;
  await table(ctx, 'connection_stages')
    .insert(rows)
    .onConflict(['application_id', 'stage'])
    .merge(['completed_at'])
    .whereNull(`connection_stages.completed_at`);
}

interface NewOutage {
  id: number;
  kind: Parameters<typeof isCutOff>[0];
  region_id: string;
  start_at: Date;
  affected_customers: number;
}

/**
 * Who the new outages cut off: a run of accounts of one grid of the outage's station (weak grids for
 * faults), as many as the seed would list; a cut-off takes one account, a low-credit one for arrears.
 */
export async function cutOffCustomers(ctx: TickContext, outages: NewOutage[]): Promise<void> {
  for (const outage of outages) {
    const station = ctx.world.stationById.get(outage.region_id) ?? pick(ctx.random, ctx.world.stationChoice);
    const grids = ctx.world.grids.byStation.get(station.id)!;
    const grid =
      outage.kind === 'fault'
        ? (grids.find((g) => g.weak && chance(ctx.random, 0.5)) ?? grids[0]!)
        : grids[Math.floor(ctx.random() * grids.length)]!;
    const limit = isCutOff(outage.kind) ? 1 : Math.max(1, Math.round(outage.affected_customers * 0.03));
    const { rows } = await ctx.knex.raw<{ rows: { n: string }[] }>(
      `with cut as (
         insert into ??.outage_customers (outage_id, customer_id)
         select ?, id from ??.customers
          where region_id = ? and opened_at <= ? and (closed_at is null or closed_at > ?)
          order by ${outage.kind === 'arrears' ? "(credit_grade in ('C', 'D')) desc," : ''} md5(id::text || ?)
          limit ?
         returning 1)
       select count(*) as n from cut`,
      [
        ctx.schema,
        outage.id,
        ctx.schema,
        grid.id,
        outage.start_at,
        outage.start_at,
        String(outage.id),
        limit,
      ],
    );
    await table(ctx, 'outages')
      .where({ id: outage.id })
      .update({ affected_customers: Number(rows[0]!.n) });
  }
}
