import type { Knex } from 'knex';

/**
 * Rules of crm-schema.md that table constraints cannot express, as SQL counting the rows that break
 * them at time `at` (the seed's anchor, or now() after the ticker ran). Every query must return 0.
 */
export function contractChecks(schema: string): Record<string, string> {
  const s = `"${schema}"`;
  return {
    'work order both closed and cancelled': `select count(*) from ${s}.work_orders where closed_at is not null and cancelled_at is not null`,
    'arrival or restoration on a non-repair': `select count(*) from ${s}.work_orders where type <> 'repair' and (arrived_at is not null or restored_at is not null or needs_visit)`,
    'arrival on a repair without visit': `select count(*) from ${s}.work_orders where not needs_visit and arrived_at is not null`,
    'restored before arrival or without it': `select count(*) from ${s}.work_orders where restored_at is not null and (arrived_at is null or restored_at < arrived_at)`,
    'arrival before acceptance': `select count(*) from ${s}.work_orders where arrived_at < accepted_at`,
    'closed or cancelled before acceptance': `select count(*) from ${s}.work_orders where closed_at < accepted_at or cancelled_at < accepted_at`,
    'deadline before acceptance': `select count(*) from ${s}.work_orders where deadline_at <= accepted_at`,
    'substantiated on a non-complaint or undecided one': `select count(*) from ${s}.work_orders where substantiated is not null and (type <> 'complaint' or closed_at is null)`,
    'repeat flag on a non-complaint': `select count(*) from ${s}.work_orders where is_repeat and type <> 'complaint'`,
    'returned but not closed': `select count(*) from ${s}.work_orders where returned_count > 0 and closed_at is null`,
    'anonymous with a segment, or a customer without': `select count(*) from ${s}.work_orders where (customer_id is null) <> (segment = 'unknown')`,
    'segment differs from the customer': `select count(*) from ${s}.work_orders w join ${s}.customers c on c.id = w.customer_id where c.segment <> w.segment`,
    'customer not active when the order came': `select count(*) from ${s}.work_orders w join ${s}.customers c on c.id = w.customer_id where c.opened_at > w.accepted_at or c.closed_at <= w.accepted_at`,
    'work-order event in the future': `select count(*) from ${s}.work_orders where greatest(accepted_at, closed_at, cancelled_at, arrived_at, restored_at) > :at`,
    'sensitivity outside 0-5': `select count(*) from ${s}.customers where sensitivity not between 0 and 5`,
    'customer closed before opened, or in the future': `select count(*) from ${s}.customers where closed_at <= opened_at or greatest(opened_at, closed_at) > :at`,
    'customer not served by a grid': `select count(*) from ${s}.customers c join ${s}.regions r on r.id = c.region_id where r.level <> 'grid'`,
    'station with mixed area classes': `select count(*) from (select region_id from ${s}.customers group by region_id having count(distinct area_class) > 1) x`,
    'fault with a notice or planned end': `select count(*) from ${s}.outages where kind = 'fault' and (notified_at is not null or planned_end_at is not null or cancelled_at is not null)`,
    'planned/temporary without planned end': `select count(*) from ${s}.outages where kind <> 'fault' and planned_end_at <= start_at`,
    'outage ended before it started': `select count(*) from ${s}.outages where end_at <= start_at`,
    'cancelled outage that ran': `select count(*) from ${s}.outages where cancelled_at is not null and end_at is not null`,
    'validated before reported': `select count(*) from ${s}.outages where info_valid is not null and info_reported_at is null`,
    'restoration reported before power back': `select count(*) from ${s}.outages where restore_reported_at is not null and (end_at is null or restore_reported_at < end_at)`,
    'outage event in the future': `select count(*) from ${s}.outages where greatest(notified_at, end_at, info_reported_at, restore_reported_at, cancelled_at) > :at or (kind = 'fault' and start_at > :at)`,
    'callback before closure or in the future': `select count(*) from ${s}.callbacks c join ${s}.work_orders w on w.id = c.work_order_id where w.closed_at is null or c.called_at < w.closed_at or c.called_at > :at`,
    'satisfaction without reaching the customer': `select count(*) from ${s}.callbacks where not reached and satisfaction is not null`,
    'connection both completed and cancelled': `select count(*) from ${s}.connection_applications where completed_at is not null and cancelled_at is not null`,
    'connection deadline or events out of order': `select count(*) from ${s}.connection_applications where deadline_at <= accepted_at or completed_at < accepted_at or cancelled_at < accepted_at or greatest(accepted_at, completed_at, cancelled_at) > :at`,
    'region with a wrong parent level': `select count(*) from ${s}.regions r left join ${s}.regions p on p.id = r.parent_id where (r.level = 'province') <> (p.id is null) or (r.level = 'city' and p.level <> 'province') or (r.level = 'county' and p.level <> 'city') or (r.level = 'station' and p.level <> 'county') or (r.level = 'grid' and p.level <> 'station')`,
    // v2
    'proactive non-repair': `select count(*) from ${s}.work_orders where proactive and type <> 'repair'`,
    'rectification without escalation or out of order': `select count(*) from ${s}.work_orders where (escalated_at is null and (remediation_due_at is not null or remediated_at is not null)) or (escalated_at is not null and remediation_due_at is null) or remediation_due_at <= escalated_at or remediated_at < escalated_at or escalated_at < accepted_at or greatest(escalated_at, remediated_at) > :at`,
    'restoration validated before reported': `select count(*) from ${s}.outages where restore_info_valid is not null and restore_reported_at is null`,
    'call answered and abandoned, or called back unabandoned': `select count(*) from ${s}.calls where (answered_at is not null and abandoned_at is not null) or (called_back_at is not null and abandoned_at is null)`,
    'call events out of order or in the future': `select count(*) from ${s}.calls where answered_at < offered_at or abandoned_at < offered_at or called_back_at < abandoned_at or greatest(offered_at, answered_at, abandoned_at, called_back_at) > :at`,
    'bill settled before due, in the future, or negative': `select count(*) from ${s}.arrears where settled_at < due_at or greatest(due_at, settled_at) > :at or amount_fen < 0`,
    "bill not the customer's region or segment": `select count(*) from ${s}.arrears a join ${s}.customers c on c.id = a.customer_id where c.region_id <> a.region_id or c.segment <> a.segment`,
    'cut off while not a customer': `select count(*) from ${s}.outage_customers oc join ${s}.outages o on o.id = oc.outage_id join ${s}.customers c on c.id = oc.customer_id where c.opened_at > o.start_at or c.closed_at <= o.start_at`,
    'affected count not the list': `select count(*) from ${s}.outages o where o.cancelled_at is null and o.affected_customers <> (select count(*) from ${s}.outage_customers oc where oc.outage_id = o.id)`,
    'one-account cut-off of more or fewer': `select count(*) from ${s}.outages where kind in ('breach', 'arrears') and affected_customers > 1`,
    'stage out of order or beyond its application': `select count(*) from (select st.*, a.accepted_at as app_accepted, a.completed_at as app_completed, lag(st.completed_at) over (partition by st.application_id order by array_position(array['plan_reply','design_review','midway_inspection','completion_acceptance','connection'], st.stage)) as previous from ${s}.connection_stages st join ${s}.connection_applications a on a.id = st.application_id) x where started_at < app_accepted or deadline_at <= started_at or completed_at < started_at or (previous is distinct from started_at and previous is not null) or (stage = 'connection' and completed_at is distinct from app_completed) or greatest(started_at, completed_at) > :at`,
  };
}

/** The checks with a nonzero count, as { name: count }; {} when the data obeys the contract. */
export async function contractViolations(
  knex: Knex,
  schema: string,
  at: Date,
): Promise<Record<string, number>> {
  const broken: Record<string, number> = {};
  for (const [name, sql] of Object.entries(contractChecks(schema))) {
    const { rows } = await knex.raw<{ rows: { count: string }[] }>(sql, { at });
    const n = Number(rows[0]!.count);
    if (n > 0) broken[name] = n;
  }
  return broken;
}
