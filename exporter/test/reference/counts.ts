/**
 * The plain counts and gauges of metrics.md, grouped as they are published together: every label
 * combination that has a row in the group's row set gets every series of the group, 0 where nothing counts.
 */
import type { Contract, NaiveConfig } from './config';
import { isAtOrAboveLevel, type Labeller } from './labels';
import { addTo, type Labels, type SeriesMap } from './series';
import type { WorkOrderRow } from './rows';
import type { ValidDataset } from './validity';

interface Group<Row> {
  rows: Row[];
  labels(row: Row): Labels;
  /** metric name → what one row adds (0 when it does not count) */
  metrics: Record<string, (row: Row) => number>;
}

function runGroup<Row>(group: Group<Row>, out: SeriesMap): void {
  for (const row of group.rows) {
    const labels = group.labels(row);
    for (const [metric, amount] of Object.entries(group.metrics)) addTo(out, metric, labels, amount(row));
  }
}

const one = (condition: boolean) => (condition ? 1 : 0);

export function computeCounts(
  data: ValidDataset,
  t: Date,
  config: NaiveConfig,
  label: Labeller,
  out: SeriesMap,
  contract: Contract,
) {
  const T = t.getTime();
  const atOrBeforeT = (d: Date | null) => d !== null && d.getTime() <= T;
  const nullOrAfterT = (d: Date | null) => d === null || d.getTime() > T;
  const workOrderById = new Map(data.work_orders.map((w) => [w.id, w]));

  runGroup(
    {
      rows: data.work_orders,
      labels: (w) => ({ region: label.region(w.region_id), segment: label.segment(w.segment), type: w.type }),
      metrics: {
        crm_work_orders_accepted_total: (w) => one(atOrBeforeT(w.accepted_at)),
        crm_work_orders_cancelled_total: (w) => one(atOrBeforeT(w.cancelled_at)),
        crm_work_orders_closed_total: (w) => one(atOrBeforeT(w.closed_at)),
        crm_work_orders_closed_returned_total: (w) => one(atOrBeforeT(w.closed_at) && w.returned_count > 0),
        crm_work_orders_open: (w) =>
          one(atOrBeforeT(w.accepted_at) && nullOrAfterT(w.closed_at) && nullOrAfterT(w.cancelled_at)),
      },
    },
    out,
  );
  const customerById = new Map(data.customers.map((c) => [c.id, c]));
  const openAtT = (w: WorkOrderRow) =>
    atOrBeforeT(w.accepted_at) && nullOrAfterT(w.closed_at) && nullOrAfterT(w.cancelled_at);
  runGroup(
    {
      // the customer's sensitivity now
      rows: data.work_orders.filter((w) => {
        const owner = w.customer_id === null ? undefined : customerById.get(w.customer_id);
        return owner !== undefined && owner.sensitivity >= config.sensitiveMinStars;
      }),
      labels: (w) => ({ region: label.region(w.region_id), type: w.type }),
      metrics: {
        crm_sensitive_work_orders_open: (w) => one(openAtT(w)),
        crm_sensitive_work_orders_overdue: (w) =>
          one(openAtT(w) && w.deadline_at !== null && w.deadline_at.getTime() < T),
      },
    },
    out,
  );
  if (contract === 'v2') {
    runGroup(
      {
        rows: data.work_orders,
        labels: (w) => ({
          region: label.region(w.region_id),
          segment: label.segment(w.segment),
          type: w.type,
        }),
        metrics: { crm_work_orders_escalated_total: (w) => one(atOrBeforeT(w.escalated_at ?? null)) },
      },
      out,
    );
    runGroup(
      {
        rows: data.work_orders.filter((w) => w.type === 'repair'),
        labels: (w) => ({
          region: label.region(w.region_id),
          segment: label.segment(w.segment),
          area_class: w.area_class,
        }),
        metrics: {
          crm_repairs_proactive_total: (w) => one(w.proactive === true && atOrBeforeT(w.accepted_at)),
        },
      },
      out,
    );
  }
  runGroup(
    {
      rows: data.work_orders,
      labels: (w) => ({ region: label.region(w.region_id), type: w.type, channel: label.channel(w.channel) }),
      metrics: { crm_work_orders_accepted_by_channel_total: (w) => one(atOrBeforeT(w.accepted_at)) },
    },
    out,
  );
  runGroup(
    {
      rows: data.work_orders.filter((w) => w.type === 'complaint'),
      labels: (w) => ({ region: label.region(w.region_id), segment: label.segment(w.segment) }),
      metrics: {
        crm_complaints_substantiated_total: (w) => one(w.substantiated === true && atOrBeforeT(w.closed_at)),
        crm_complaints_repeat_total: (w) => one(w.is_repeat && atOrBeforeT(w.accepted_at)),
      },
    },
    out,
  );
  const activeAtT = (c: { opened_at: Date; closed_at: Date | null }) =>
    atOrBeforeT(c.opened_at) && nullOrAfterT(c.closed_at);
  runGroup(
    {
      rows: data.customers,
      labels: (c) => ({ region: label.region(c.region_id), segment: label.segment(c.segment) }),
      metrics: {
        crm_customers: (c) => one(activeAtT(c)),
        crm_customers_sensitive: (c) => one(activeAtT(c) && c.sensitivity >= config.sensitiveMinStars),
        crm_customers_opened_total: (c) => one(atOrBeforeT(c.opened_at)),
        crm_customers_closed_total: (c) => one(atOrBeforeT(c.closed_at)),
      },
    },
    out,
  );
  runGroup(
    {
      rows: data.customers.filter((c) => c.sensitivity >= 1 && c.sensitivity <= 5),
      labels: (c) => ({ region: label.region(c.region_id), stars: String(c.sensitivity) }),
      metrics: { crm_customers_by_stars: (c) => one(activeAtT(c)) },
    },
    out,
  );
  // v2 columns: a CRM without them publishes nothing of them
  if (contract === 'v2') {
    runGroup(
      {
        rows: data.customers,
        labels: (c) => ({
          region: label.region(c.region_id),
          segment: label.segment(c.segment),
          credit_grade: c.credit_grade ?? 'ungraded',
        }),
        metrics: { crm_customers_by_credit_grade: (c) => one(activeAtT(c)) },
      },
      out,
    );
    runGroup(
      {
        rows: data.customers.filter((c) => c.vulnerable === true),
        labels: (c) => ({ region: label.region(c.region_id), segment: label.segment(c.segment) }),
        metrics: { crm_customers_vulnerable: (c) => one(activeAtT(c)) },
      },
      out,
    );
  }
  runGroup(
    {
      rows: data.callbacks,
      labels: (cb) => {
        const order = workOrderById.get(cb.work_order_id);
        if (!order) throw new Error(`callback ${cb.id}: work order ${cb.work_order_id} is not valid`);
        return { region: label.region(order.region_id), segment: label.segment(order.segment) };
      },
      metrics: {
        crm_callbacks_total: (cb) => one(atOrBeforeT(cb.called_at)),
        crm_callbacks_reached_total: (cb) => one(atOrBeforeT(cb.called_at) && cb.reached),
        crm_callbacks_dissatisfied_total: (cb) =>
          one(atOrBeforeT(cb.called_at) && cb.satisfaction === 'dissatisfied'),
      },
    },
    out,
  );
  const activeOutage = (o: { start_at: Date; end_at: Date | null; cancelled_at: Date | null }) =>
    atOrBeforeT(o.start_at) && nullOrAfterT(o.end_at) && nullOrAfterT(o.cancelled_at);
  const startedNotCalledOff = (o: { start_at: Date; cancelled_at: Date | null }) =>
    atOrBeforeT(o.start_at) && !(o.cancelled_at !== null && o.cancelled_at.getTime() <= o.start_at.getTime());
  runGroup(
    {
      rows: data.outages,
      labels: (o) => ({ region: label.region(o.region_id), kind: o.kind }),
      metrics: {
        crm_outages_total: (o) => one(startedNotCalledOff(o)),
        crm_outage_customers_affected_total: (o) => (startedNotCalledOff(o) ? o.affected_customers : 0),
        crm_outages_active: (o) => one(activeOutage(o)),
        crm_outage_customers_off: (o) => (activeOutage(o) ? o.affected_customers : 0),
        crm_outage_info_reports_total: (o) => one(atOrBeforeT(o.info_reported_at)),
        crm_outage_info_reports_invalid_total: (o) =>
          one(atOrBeforeT(o.info_reported_at) && o.info_valid === false),
        crm_outage_info_reports_checked_total: (o) =>
          one(atOrBeforeT(o.info_reported_at) && o.info_valid !== null),
        crm_restoration_info_reports_total: (o) => one(atOrBeforeT(o.restore_reported_at)),
      },
    },
    out,
  );
  // v2 column: a CRM without restore_info_valid publishes nothing of it
  if (contract === 'v2')
    runGroup(
      {
        rows: data.outages,
        labels: (o) => ({ region: label.region(o.region_id), kind: o.kind }),
        metrics: {
          crm_restoration_info_reports_checked_total: (o) =>
            one(atOrBeforeT(o.restore_reported_at) && (o.restore_info_valid ?? null) !== null),
          crm_restoration_info_reports_invalid_total: (o) =>
            one(atOrBeforeT(o.restore_reported_at) && o.restore_info_valid === false),
        },
      },
      out,
    );
  // v2 relations: hotline calls and bills in arrears (absent from a v1 CRM)
  runGroup(
    {
      rows: data.calls ?? [],
      labels: (c) => ({ region: label.region(c.region_id), queue: label.queue(c.queue) }),
      metrics: {
        crm_calls_offered_total: (c) => one(atOrBeforeT(c.offered_at)),
        crm_calls_answered_total: (c) => one(atOrBeforeT(c.answered_at)),
        crm_calls_abandoned_total: (c) => one(atOrBeforeT(c.abandoned_at)),
      },
    },
    out,
  );
  const bills = data.arrears ?? [];
  runGroup(
    {
      rows: bills,
      labels: (b) => ({ region: label.region(b.region_id), segment: label.segment(b.segment) }),
      metrics: {
        crm_arrears_bills_total: (b) => one(atOrBeforeT(b.due_at)),
        crm_arrears_settled_total: (b) => one(atOrBeforeT(b.settled_at)),
      },
    },
    out,
  );
  if (contract === 'v2') {
    // "in arrears at t: due_at < t and (settled_at is null or settled_at > t)", and older than `over`
    const DAY_MS = 86_400_000;
    const ages = config.arrearsOverDays.flatMap((days) => bills.map((bill) => ({ bill, days })));
    const overdueFor = ({ bill, days }: { bill: (typeof bills)[number]; days: number }) =>
      bill.due_at.getTime() < T && nullOrAfterT(bill.settled_at) && bill.due_at.getTime() + days * DAY_MS < T;
    const ageLabels = ({ bill, days }: (typeof ages)[number]) => ({
      region: label.region(bill.region_id),
      segment: label.segment(bill.segment),
      // the customer's grade now
      credit_grade: customerById.get(bill.customer_id)?.credit_grade ?? 'ungraded',
      over: `${days}d`,
    });
    runGroup(
      { rows: ages, labels: ageLabels, metrics: { crm_arrears_bills: (age) => one(overdueFor(age)) } },
      out,
    );
    // yuan: the fen summed as integers first, so the published amount is exact
    const fen = new Map<string, { labels: Labels; fen: number }>();
    for (const age of ages) {
      const labels = ageLabels(age);
      const key = JSON.stringify(Object.entries(labels));
      const sum = fen.get(key) ?? { labels, fen: 0 };
      sum.fen += overdueFor(age) ? age.bill.amount_fen : 0;
      fen.set(key, sum);
    }
    for (const sum of fen.values()) addTo(out, 'crm_arrears_amount_yuan', sum.labels, sum.fen / 100);
  }
  for (const region of data.regions) {
    if (!isAtOrAboveLevel(region.level, config.regionLevel)) continue;
    const labels = {
      region: region.id,
      name: region.name,
      parent: region.parent_id ?? '',
      level: region.level,
    };
    addTo(out, 'crm_region_info', labels, 1);
  }
}
