/**
 * The SLA timers of metrics.md, one loop per timer, each rule applied literally to each row.
 */
import type { Contract, NaiveConfig, NoticeKind, OutageKind } from './config';
import type { Labeller } from './labels';
import type { CallRow, ConnectionStageRow, OutageRow, WorkOrderRow } from './rows';
import { addTo, type Labels, type SeriesMap } from './series';
import type { ValidDataset } from './validity';

interface Timer<Row> {
  name: string;
  rows: Row[];
  labels(row: Row): Labels;
  /** absent for timers without a start: they publish no _completed_total / _seconds_total */
  start?: (row: Row) => Date | null;
  stop(row: Row): Date | null;
  deadline(row: Row): Date | null;
  cancel(row: Row): Date | null;
}

const ms = (d: Date) => d.getTime();
const plusSeconds = (d: Date, seconds: number) => new Date(ms(d) + seconds * 1000);

function runTimer<Row>(timer: Timer<Row>, t: Date, out: SeriesMap): void {
  const metric = (suffix: string) => `crm_${timer.name}_${suffix}`;
  for (const row of timer.rows) {
    const labels = timer.labels(row);
    const S = timer.start?.(row) ?? null;
    const E = timer.stop(row);
    const D = timer.deadline(row);
    const C = timer.cancel(row);

    const excluded = D === null || (C !== null && ms(C) <= ms(D) && (E === null || ms(C) <= ms(E)));
    const counts = !excluded && D !== null;
    const onTime = counts && E !== null && ms(E) <= ms(D) && ms(E) <= ms(t);
    const late = counts && ms(D) < ms(t) && (E === null || ms(E) > ms(D));
    const overdue = counts && ms(D) < ms(t) && (E === null || ms(E) > ms(t)) && (C === null || ms(C) > ms(t));
    const completed = !excluded && E !== null && ms(E) <= ms(t);

    addTo(out, metric('due_total'), labels, onTime || late ? 1 : 0);
    addTo(out, metric('late_total'), labels, late ? 1 : 0);
    addTo(out, metric('overdue'), labels, overdue ? 1 : 0);
    if (timer.start) {
      addTo(out, metric('completed_total'), labels, completed ? 1 : 0);
      const seconds = completed && S !== null && E !== null ? Math.max(ms(E) - ms(S), 0) / 1000 : 0;
      addTo(out, metric('seconds_total'), labels, seconds);
    }
  }
}

type Area = 'urban' | 'rural' | 'remote';

export function computeTimers(
  data: ValidDataset,
  t: Date,
  config: NaiveConfig,
  label: Labeller,
  out: SeriesMap,
  contract: Contract,
) {
  const { limits } = config;
  const visitedRepairs = data.work_orders.filter((w) => w.type === 'repair' && w.needs_visit);
  const workOrderLabels = (w: WorkOrderRow) => ({
    region: label.region(w.region_id),
    segment: label.segment(w.segment),
  });
  const outageLabels = (o: OutageRow) => ({ region: label.region(o.region_id), kind: o.kind });

  runTimer<WorkOrderRow>(
    {
      name: 'work_order_closure',
      rows: data.work_orders,
      labels: (w) => ({ ...workOrderLabels(w), type: w.type }),
      start: (w) => w.accepted_at,
      stop: (w) => w.closed_at,
      deadline: (w) => w.deadline_at,
      cancel: (w) => w.cancelled_at,
    },
    t,
    out,
  );
  runTimer<WorkOrderRow>(
    {
      name: 'repair_arrival',
      rows: visitedRepairs,
      labels: (w) => ({ ...workOrderLabels(w), area_class: w.area_class }),
      start: (w) => w.accepted_at,
      stop: (w) => w.arrived_at,
      deadline: (w) => plusSeconds(w.accepted_at, limits.repairArrival[w.area_class as Area]),
      cancel: (w) => w.cancelled_at,
    },
    t,
    out,
  );
  runTimer<WorkOrderRow>(
    {
      name: 'repair_restoration',
      rows: visitedRepairs.filter((w) => w.arrived_at !== null),
      labels: (w) => ({ ...workOrderLabels(w), area_class: w.area_class }),
      start: (w) => w.arrived_at,
      stop: (w) => w.restored_at,
      deadline: (w) => plusSeconds(w.arrived_at as Date, limits.repairRestoration[w.area_class as Area]),
      cancel: (w) => w.cancelled_at,
    },
    t,
    out,
  );
  if (contract === 'v2')
    runTimer<WorkOrderRow>(
      {
        name: 'remediation',
        rows: data.work_orders.filter(
          (w) => (w.escalated_at ?? null) !== null && (w.remediation_due_at ?? null) !== null,
        ),
        labels: (w) => ({ ...workOrderLabels(w), type: w.type }),
        start: (w) => w.escalated_at ?? null,
        stop: (w) => w.remediated_at ?? null,
        deadline: (w) => w.remediation_due_at ?? null,
        cancel: (w) => w.cancelled_at,
      },
      t,
      out,
    );
  runTimer<OutageRow>(
    {
      name: 'outage_notice',
      rows: data.outages.filter((o) => o.kind !== 'fault'),
      labels: outageLabels,
      stop: (o) => o.notified_at,
      deadline: (o) => plusSeconds(o.start_at, -limits.outageNoticeLead[o.kind as NoticeKind]),
      cancel: (o) => o.cancelled_at,
    },
    t,
    out,
  );
  runTimer<OutageRow>(
    {
      name: 'outage_info_report',
      rows: data.outages,
      labels: outageLabels,
      start: (o) => o.start_at,
      stop: (o) => o.info_reported_at,
      deadline: (o) => plusSeconds(o.start_at, limits.outageInfoReport[o.kind as OutageKind]),
      cancel: (o) => o.cancelled_at,
    },
    t,
    out,
  );
  runTimer<OutageRow>(
    {
      name: 'restoration_info_report',
      rows: data.outages.filter((o) => o.end_at !== null),
      labels: outageLabels,
      start: (o) => o.end_at,
      stop: (o) => o.restore_reported_at,
      deadline: (o) => plusSeconds(o.end_at as Date, limits.restorationInfoReport),
      cancel: (o) => o.cancelled_at,
    },
    t,
    out,
  );
  runTimer<OutageRow>(
    {
      name: 'planned_outage_restoration',
      rows: data.outages.filter((o) => o.planned_end_at !== null),
      labels: outageLabels,
      start: (o) => o.start_at,
      stop: (o) => o.end_at,
      deadline: (o) => o.planned_end_at,
      cancel: (o) => o.cancelled_at,
    },
    t,
    out,
  );
  runTimer<OutageRow>(
    {
      name: 'outage_duration',
      // not called off before it started
      rows: data.outages.filter((o) => !(o.cancelled_at !== null && ms(o.cancelled_at) <= ms(o.start_at))),
      labels: outageLabels,
      start: (o) => o.start_at,
      stop: (o) => o.end_at,
      deadline: (o) => plusSeconds(o.start_at, limits.longOutage),
      cancel: () => null,
    },
    t,
    out,
  );
  const callLabels = (c: CallRow) => ({ region: label.region(c.region_id), queue: label.queue(c.queue) });
  runTimer<CallRow>(
    {
      name: 'call_answer',
      rows: data.calls ?? [],
      labels: callLabels,
      start: (c) => c.offered_at,
      stop: (c) => c.answered_at,
      deadline: (c) => plusSeconds(c.offered_at, limits.callAnswer),
      cancel: (c) => c.abandoned_at,
    },
    t,
    out,
  );
  runTimer<CallRow>(
    {
      name: 'missed_call_callback',
      rows: (data.calls ?? []).filter((c) => c.abandoned_at !== null),
      labels: callLabels,
      start: (c) => c.abandoned_at,
      stop: (c) => c.called_back_at,
      deadline: (c) => plusSeconds(c.abandoned_at as Date, limits.missedCallCallback),
      cancel: () => null,
    },
    t,
    out,
  );
  // region, segment, customer class and cancellation come from the application
  const applicationById = new Map(data.connection_applications.map((a) => [a.id, a]));
  const applicationOf = (s: ConnectionStageRow) => {
    const application = applicationById.get(s.application_id);
    if (!application) throw new Error(`stage of application ${s.application_id}: not a valid application`);
    return application;
  };
  runTimer<ConnectionStageRow>(
    {
      name: 'connection_stage',
      rows: data.connection_stages ?? [],
      labels: (s) => {
        const a = applicationOf(s);
        return {
          region: label.region(a.region_id),
          segment: label.segment(a.segment),
          customer_class: a.customer_class,
          stage: s.stage,
        };
      },
      start: (s) => s.started_at,
      stop: (s) => s.completed_at,
      deadline: (s) => s.deadline_at,
      cancel: (s) => applicationOf(s).cancelled_at,
    },
    t,
    out,
  );
  runTimer(
    {
      name: 'connection',
      rows: data.connection_applications,
      labels: (c) => ({
        region: label.region(c.region_id),
        segment: label.segment(c.segment),
        customer_class: c.customer_class,
      }),
      start: (c) => c.accepted_at,
      stop: (c) => c.completed_at,
      deadline: (c) => c.deadline_at,
      cancel: (c) => c.cancelled_at,
    },
    t,
    out,
  );
}
