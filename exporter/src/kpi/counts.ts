import type { Config } from '../config';
import type { Family, Measure, Term } from './model';
import { at, earliest, latest, shifted } from './moments';
import { overLabel } from './sources';
import { FAN_OUT, columnRefs } from './sql-text';

const counter = (metric: string, help: string, ...add: Term[]): Measure => ({
  metric,
  type: 'counter',
  help,
  add,
});

/** A gauge of rows that started and have not stopped yet: started − (started and stopped). */
const current = (metric: string, help: string, started: Term, stopped: Term): Measure => ({
  metric,
  type: 'gauge',
  help,
  add: [started],
  subtract: [stopped],
});

const wo = columnRefs('work_orders');
const c = columnRefs('customers');
const o = columnRefs('outages');
const cb = columnRefs('callbacks');
const cl = columnRefs('calls');
const ar = columnRefs('arrears');

const accepted = at(wo.accepted_at);
const closed = at(wo.closed_at);
const cancelled = at(wo.cancelled_at);
const deadline = at(wo.deadline_at);
/** a work order closed or cancelled, whichever came first (never before it was accepted) */
const orderStopped = latest(accepted, earliest(closed, cancelled));
const pastDeadline: Term = { since: latest(accepted, deadline), before: deadline };
const opened = at(c.opened_at);
const customerClosed = latest(opened, at(c.closed_at));
const outageStart = at(o.start_at);
const called = at(cb.called_at);
const outageOver = latest(outageStart, earliest(at(o.end_at), at(o.cancelled_at)));
const due = at(ar.due_at);
const settled = at(ar.settled_at);
const happened = `not (${o.cancelled_at.sql} is not null and ${o.cancelled_at.sql} <= ${o.start_at.sql})`;

/** Plain counts and gauges of metrics.md, one family per group of metrics read together. */
export function countFamilies(config: Config): Family[] {
  const sensitive = `${c.sensitivity.sql} >= ${config.sensitive_min_stars}`;
  // a bill past its due date by more than the threshold it is counted at (FAN_OUT): cumulative ages
  const lag = {
    sql: `+ ${FAN_OUT.lag}`,
    min: Math.min(...config.arrears_over),
    max: Math.max(...config.arrears_over),
    values: config.arrears_over,
  };
  const overThreshold = shifted(due, lag);
  const inArrears: Term = { since: overThreshold, before: overThreshold };
  // settled after passing the threshold: leaves the gauge when settled (before it: never counted)
  const settledPast: Term = { since: latest(overThreshold, settled), before: overThreshold };
  const ages = { thresholds: config.arrears_over.map((s): [string, number] => [overLabel(s), s]) };
  return [
    {
      name: 'work_orders',
      source: 'work_orders',
      labels: ['region', 'segment', 'type'],
      measures: [
        counter(
          'crm_work_orders_accepted_total',
          'Work orders accepted by the service centre, cancelled ones included.',
          { since: accepted },
        ),
        counter(
          'crm_work_orders_cancelled_total',
          'Work orders cancelled, withdrawn or merged as duplicates.',
          {
            since: cancelled,
          },
        ),
        counter('crm_work_orders_closed_total', 'Work orders closed (replied or archived).', {
          since: closed,
        }),
        counter(
          'crm_work_orders_closed_returned_total',
          'Closed work orders whose reply was sent back at least once (退单).',
          { where: `${wo.returned_count.sql} > 0`, since: closed },
        ),
        current(
          'crm_work_orders_open',
          'Work orders accepted and neither closed nor cancelled yet.',
          { since: accepted },
          { since: orderStopped },
        ),
      ],
    },
    {
      name: 'sensitive_work_orders',
      source: 'customer_work_orders',
      labels: ['region', 'type'],
      rows: `${c.sensitivity.sql} >= ${config.sensitive_min_stars}`,
      measures: [
        current(
          'crm_sensitive_work_orders_open',
          `Work orders open now whose customer is graded sensitive now (at least ${config.sensitive_min_stars} stars).`,
          { since: accepted },
          { since: orderStopped },
        ),
        current(
          'crm_sensitive_work_orders_overdue',
          `Work orders open now and past their deadline whose customer is graded sensitive now (at least ${config.sensitive_min_stars} stars).`,
          pastDeadline,
          { since: latest(accepted, deadline, earliest(closed, cancelled)), before: deadline },
        ),
      ],
    },
    {
      name: 'escalations',
      source: 'work_orders',
      labels: ['region', 'segment', 'type'],
      measures: [
        counter(
          'crm_work_orders_escalated_total',
          'Work orders raised to the functional departments for joint handling (提级会商).',
          { since: at(wo.escalated_at) },
        ),
      ],
    },
    {
      name: 'proactive_repairs',
      source: 'work_orders',
      labels: ['region', 'segment', 'area_class'],
      rows: `${wo.type.sql} = 'repair'`,
      measures: [
        counter(
          'crm_repairs_proactive_total',
          'Repairs the utility started before any customer called (主动抢修).',
          { where: wo.proactive.sql, since: accepted },
        ),
      ],
    },
    {
      name: 'work_orders_by_channel',
      source: 'work_orders',
      labels: ['region', 'type', 'channel'],
      measures: [
        counter(
          'crm_work_orders_accepted_by_channel_total',
          'Work orders accepted, by the channel the customer used.',
          { since: accepted },
        ),
      ],
    },
    {
      name: 'complaints',
      source: 'work_orders',
      labels: ['region', 'segment'],
      rows: `${wo.type.sql} = 'complaint'`,
      measures: [
        counter(
          'crm_complaints_substantiated_total',
          'Complaints closed and found true after investigation (属实).',
          { where: wo.substantiated.sql, since: closed },
        ),
        counter('crm_complaints_repeat_total', 'Complaints the CRM flagged as repeat complaints.', {
          where: wo.is_repeat.sql,
          since: accepted,
        }),
      ],
    },
    {
      name: 'customers',
      source: 'customers',
      labels: ['region', 'segment'],
      measures: [
        current(
          'crm_customers',
          'Active electricity accounts.',
          { since: opened },
          { since: customerClosed },
        ),
        current(
          'crm_customers_sensitive',
          `Active accounts graded sensitive (at least ${config.sensitive_min_stars} stars).`,
          { where: sensitive, since: opened },
          { where: sensitive, since: customerClosed },
        ),
        counter('crm_customers_opened_total', 'Electricity accounts opened.', { since: opened }),
        counter('crm_customers_closed_total', 'Electricity accounts closed (销户, churn).', {
          since: at(c.closed_at),
        }),
      ],
    },
    {
      name: 'customers_by_stars',
      source: 'customers',
      labels: ['region', 'stars'],
      rows: `${c.sensitivity.sql} between 1 and 5`,
      measures: [
        current(
          'crm_customers_by_stars',
          'Active accounts by sensitive-customer star grade (1 to 5 stars).',
          { since: opened },
          { since: customerClosed },
        ),
      ],
    },
    {
      name: 'customers_by_credit_grade',
      source: 'customers',
      labels: ['region', 'segment', 'credit_grade'],
      measures: [
        current(
          'crm_customers_by_credit_grade',
          'Active accounts by electricity-fee credit grade (A best; `ungraded` when the CRM has none).',
          { since: opened },
          { since: customerClosed },
        ),
      ],
    },
    {
      name: 'customers_vulnerable',
      source: 'customers',
      labels: ['region', 'segment'],
      rows: c.vulnerable.sql,
      measures: [
        current(
          'crm_customers_vulnerable',
          'Active accounts of vulnerable households needing priority service (elderly, blind, disabled, low income).',
          { since: opened },
          { since: customerClosed },
        ),
      ],
    },
    {
      name: 'callbacks',
      source: 'callbacks',
      labels: ['region', 'segment'],
      measures: [
        counter('crm_callbacks_total', 'Return-visit calls attempted after a work order.', { since: called }),
        counter('crm_callbacks_reached_total', 'Return-visit calls that reached the customer.', {
          where: cb.reached.sql,
          since: called,
        }),
        counter('crm_callbacks_dissatisfied_total', 'Return-visit calls whose customer was dissatisfied.', {
          where: `${cb.satisfaction.sql} = 'dissatisfied'`,
          since: called,
        }),
      ],
    },
    {
      name: 'outages',
      source: 'outages',
      labels: ['region', 'kind'],
      measures: [
        counter('crm_outages_total', 'Outages started (not called off before their start).', {
          where: happened,
          since: outageStart,
        }),
        counter(
          'crm_outage_customers_affected_total',
          'Customer accounts cut off, summed over the outages started.',
          { where: happened, since: outageStart, sum: o.affected_customers.sql },
        ),
        current(
          'crm_outages_active',
          'Outages in progress now.',
          { since: outageStart },
          { since: outageOver },
        ),
        current(
          'crm_outage_customers_off',
          'Customers without power now: affected customers summed over the outages in progress.',
          { since: outageStart, sum: o.affected_customers.sql },
          { since: outageOver, sum: o.affected_customers.sql },
        ),
        counter(
          'crm_outage_info_reports_total',
          'Outage information reports submitted to the service system.',
          { since: at(o.info_reported_at) },
        ),
        counter(
          'crm_outage_info_reports_invalid_total',
          'Outage information reports that failed validation.',
          { where: `${o.info_valid.sql} = false`, since: at(o.info_reported_at) },
        ),
        counter(
          'crm_outage_info_reports_checked_total',
          'Outage information reports checked by validation (valid or not).',
          { where: `${o.info_valid.sql} is not null`, since: at(o.info_reported_at) },
        ),
        counter(
          'crm_restoration_info_reports_total',
          'Restoration information reports submitted after power is back.',
          { since: at(o.restore_reported_at) },
        ),
      ],
    },
    {
      name: 'calls',
      source: 'calls',
      labels: ['region', 'queue'],
      measures: [
        counter('crm_calls_offered_total', 'Hotline calls that entered a queue.', {
          since: at(cl.offered_at),
        }),
        counter('crm_calls_answered_total', 'Hotline calls an agent answered.', {
          since: at(cl.answered_at),
        }),
        counter('crm_calls_abandoned_total', 'Hotline calls whose caller hung up before an answer.', {
          since: at(cl.abandoned_at),
        }),
      ],
    },
    {
      name: 'arrears',
      source: 'arrears',
      labels: ['region', 'segment'],
      measures: [
        counter('crm_arrears_bills_total', 'Bills that went into arrears (unpaid at their due date).', {
          since: due,
        }),
        counter('crm_arrears_settled_total', 'Bills in arrears paid in full or written off.', {
          since: settled,
        }),
      ],
    },
    {
      name: 'arrears_ageing',
      source: 'arrears_ageing',
      labels: ['region', 'segment', 'credit_grade', 'over'],
      fanOut: ages,
      measures: [
        current(
          'crm_arrears_bills',
          "Bills in arrears now for longer than `over` (cumulative), by the customer's credit grade now.",
          inArrears,
          settledPast,
        ),
        {
          ...current(
            'crm_arrears_amount_yuan',
            "Yuan outstanding on the bills in arrears now for longer than `over` (cumulative), by the customer's credit grade now.",
            { ...inArrears, sum: ar.amount_fen.sql },
            { ...settledPast, sum: ar.amount_fen.sql },
          ),
          // summed in fen: exact integers
          scale: 100,
        },
      ],
    },
    {
      name: 'restoration_info_validity',
      source: 'outages',
      labels: ['region', 'kind'],
      measures: [
        counter(
          'crm_restoration_info_reports_checked_total',
          'Restoration information reports checked by validation (valid or not).',
          { where: `${o.restore_info_valid.sql} is not null`, since: at(o.restore_reported_at) },
        ),
        counter(
          'crm_restoration_info_reports_invalid_total',
          'Restoration information reports that failed validation.',
          { where: `${o.restore_info_valid.sql} = false`, since: at(o.restore_reported_at) },
        ),
      ],
    },
  ];
}
