import type { Config } from '../config';
import type { Family, Measure, MetricType } from './model';

const count = (metric: string, type: MetricType, help: string, where: string): Measure => ({
  metric,
  type,
  help,
  sql: `count(*) filter (where ${where})`,
});

const woOpen = `wo.accepted_at <= p.t and (wo.closed_at is null or wo.closed_at > p.t) and (wo.cancelled_at is null or wo.cancelled_at > p.t)`;
const customerActive = `c.opened_at <= p.t and (c.closed_at is null or c.closed_at > p.t)`;
const outageHappened = `o.start_at <= p.t and not (o.cancelled_at is not null and o.cancelled_at <= o.start_at)`;

/** Plain counts and gauges of metrics.md, one family per group of metrics read together. */
export function countFamilies(config: Config): Family[] {
  return [
    {
      name: 'work_orders',
      source: 'work_orders',
      labels: ['region', 'segment', 'type'],
      measures: [
        count(
          'crm_work_orders_accepted_total',
          'counter',
          'Work orders accepted by the service centre, cancelled ones included.',
          'wo.accepted_at <= p.t',
        ),
        count(
          'crm_work_orders_cancelled_total',
          'counter',
          'Work orders cancelled, withdrawn or merged as duplicates.',
          'wo.cancelled_at <= p.t',
        ),
        count(
          'crm_work_orders_closed_total',
          'counter',
          'Work orders closed (replied or archived).',
          'wo.closed_at <= p.t',
        ),
        count(
          'crm_work_orders_closed_returned_total',
          'counter',
          'Closed work orders whose reply was sent back at least once (退单).',
          'wo.closed_at <= p.t and wo.returned_count > 0',
        ),
        count(
          'crm_work_orders_open',
          'gauge',
          'Work orders accepted and neither closed nor cancelled yet.',
          woOpen,
        ),
      ],
    },
    {
      name: 'work_orders_by_channel',
      source: 'work_orders',
      labels: ['region', 'type', 'channel'],
      measures: [
        count(
          'crm_work_orders_accepted_by_channel_total',
          'counter',
          'Work orders accepted, by the channel the customer used.',
          'wo.accepted_at <= p.t',
        ),
      ],
    },
    {
      name: 'complaints',
      source: 'work_orders',
      labels: ['region', 'segment'],
      rows: `wo.type = 'complaint'`,
      measures: [
        count(
          'crm_complaints_substantiated_total',
          'counter',
          'Complaints closed and found true after investigation (属实).',
          'wo.substantiated and wo.closed_at <= p.t',
        ),
        count(
          'crm_complaints_repeat_total',
          'counter',
          'Complaints the CRM flagged as repeat complaints.',
          'wo.is_repeat and wo.accepted_at <= p.t',
        ),
      ],
    },
    {
      name: 'customers',
      source: 'customers',
      labels: ['region', 'segment'],
      measures: [
        count('crm_customers', 'gauge', 'Active electricity accounts.', customerActive),
        count(
          'crm_customers_sensitive',
          'gauge',
          `Active accounts graded sensitive (at least ${config.sensitive_min_stars} stars).`,
          `${customerActive} and c.sensitivity >= ${config.sensitive_min_stars}`,
        ),
      ],
    },
    {
      name: 'callbacks',
      source: 'callbacks',
      labels: ['region', 'segment'],
      measures: [
        count(
          'crm_callbacks_total',
          'counter',
          'Return-visit calls attempted after a work order.',
          'cb.called_at <= p.t',
        ),
        count(
          'crm_callbacks_reached_total',
          'counter',
          'Return-visit calls that reached the customer.',
          'cb.called_at <= p.t and cb.reached',
        ),
        count(
          'crm_callbacks_dissatisfied_total',
          'counter',
          'Return-visit calls whose customer was dissatisfied.',
          `cb.called_at <= p.t and cb.satisfaction = 'dissatisfied'`,
        ),
      ],
    },
    {
      name: 'outages',
      source: 'outages',
      labels: ['region', 'kind'],
      measures: [
        count(
          'crm_outages_total',
          'counter',
          'Outages started (not called off before their start).',
          outageHappened,
        ),
        {
          metric: 'crm_outage_customers_affected_total',
          type: 'counter',
          help: 'Customer accounts cut off, summed over the outages started.',
          sql: `coalesce(sum(o.affected_customers) filter (where ${outageHappened}), 0)`,
        },
        count(
          'crm_outages_active',
          'gauge',
          'Outages in progress now.',
          'o.start_at <= p.t and (o.end_at is null or o.end_at > p.t) and (o.cancelled_at is null or o.cancelled_at > p.t)',
        ),
        count(
          'crm_outage_info_reports_total',
          'counter',
          'Outage information reports submitted to the service system.',
          'o.info_reported_at <= p.t',
        ),
        count(
          'crm_outage_info_reports_invalid_total',
          'counter',
          'Outage information reports that failed validation.',
          'o.info_reported_at <= p.t and o.info_valid = false',
        ),
      ],
    },
  ];
}
