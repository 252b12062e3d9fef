import type { Config, Limits } from '../config';
import { AREA_CLASSES, OUTAGE_KINDS } from '../db/contract';
import type { Family, LabelName, Measure, SourceName } from './model';

/**
 * SLA timers (metrics.md "SLA timers"): start S, stop E, deadline D, cancellation C, each a SQL
 * expression over the source's alias. Every timeliness KPI is one declaration here.
 */
export interface TimerDeclaration {
  name: string;
  /** what is timed, for HELP texts: "work-order closure against the CRM deadline" */
  subject: string;
  source: SourceName;
  labels: LabelName[];
  rows?: string;
  start?: string;
  stop: string;
  deadline: (limits: Limits) => string;
  cancel?: string;
  /** the deadline in words, for the metrics reference */
  deadlineDoc: string;
}

function seconds(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`invalid limit ${value}`);
  return `interval '${value} seconds'`;
}

/** `case <column> when 'a' then interval … end` for a limit that depends on a closed-set column. */
function limitBy<K extends string>(column: string, keys: readonly K[], limits: Record<K, number>): string {
  const branches = keys.map((key) => `when '${key}' then ${seconds(limits[key])}`).join(' ');
  return `(case ${column} ${branches} end)`;
}

const PLANNED_KINDS = `o.kind in ('planned', 'temporary')`;

export const TIMERS: TimerDeclaration[] = [
  {
    name: 'work_order_closure',
    subject: 'work-order closure against the CRM deadline',
    source: 'work_orders',
    labels: ['region', 'segment', 'type'],
    start: 'wo.accepted_at',
    stop: 'wo.closed_at',
    deadline: () => 'wo.deadline_at',
    cancel: 'wo.cancelled_at',
    deadlineDoc: 'deadline_at',
  },
  {
    name: 'repair_arrival',
    subject: 'repair crew arrival on site',
    source: 'work_orders',
    labels: ['region', 'segment', 'area_class'],
    rows: `wo.type = 'repair' and wo.needs_visit`,
    start: 'wo.accepted_at',
    stop: 'wo.arrived_at',
    deadline: (l) => `wo.accepted_at + ${limitBy('wo.area_class', AREA_CLASSES, l.repair_arrival)}`,
    cancel: 'wo.cancelled_at',
    deadlineDoc: 'accepted_at + limits.repair_arrival[area_class]',
  },
  {
    name: 'repair_restoration',
    subject: 'power restoration after the crew arrived',
    source: 'work_orders',
    labels: ['region', 'segment', 'area_class'],
    rows: `wo.type = 'repair' and wo.needs_visit and wo.arrived_at is not null`,
    start: 'wo.arrived_at',
    stop: 'wo.restored_at',
    deadline: (l) => `wo.arrived_at + ${limitBy('wo.area_class', AREA_CLASSES, l.repair_restoration)}`,
    cancel: 'wo.cancelled_at',
    deadlineDoc: 'arrived_at + limits.repair_restoration[area_class]',
  },
  {
    name: 'outage_notice',
    subject: 'customer notice ahead of a planned or temporary outage',
    source: 'outages',
    labels: ['region', 'kind'],
    rows: PLANNED_KINDS,
    stop: 'o.notified_at',
    deadline: (l) =>
      `o.start_at - ${limitBy('o.kind', ['planned', 'temporary'] as const, l.outage_notice_lead)}`,
    cancel: 'o.cancelled_at',
    deadlineDoc: 'start_at − limits.outage_notice_lead[kind]',
  },
  {
    name: 'outage_info_report',
    subject: 'outage information reported to the service system',
    source: 'outages',
    labels: ['region', 'kind'],
    start: 'o.start_at',
    stop: 'o.info_reported_at',
    deadline: (l) => `o.start_at + ${limitBy('o.kind', OUTAGE_KINDS, l.outage_info_report)}`,
    cancel: 'o.cancelled_at',
    deadlineDoc: 'start_at + limits.outage_info_report[kind]',
  },
  {
    name: 'restoration_info_report',
    subject: 'restoration information reported after power is back',
    source: 'outages',
    labels: ['region', 'kind'],
    rows: 'o.end_at is not null',
    start: 'o.end_at',
    stop: 'o.restore_reported_at',
    deadline: (l) => `o.end_at + ${seconds(l.restoration_info_report)}`,
    cancel: 'o.cancelled_at',
    deadlineDoc: 'end_at + limits.restoration_info_report',
  },
  {
    name: 'planned_outage_restoration',
    subject: 'planned or temporary outage restored by its planned end',
    source: 'outages',
    labels: ['region', 'kind'],
    rows: `${PLANNED_KINDS} and o.planned_end_at is not null`,
    start: 'o.start_at',
    stop: 'o.end_at',
    deadline: () => 'o.planned_end_at',
    cancel: 'o.cancelled_at',
    deadlineDoc: 'planned_end_at',
  },
  {
    name: 'connection',
    subject: 'new connection (业扩) against the CRM deadline',
    source: 'connection_applications',
    labels: ['region', 'segment', 'customer_class'],
    start: 'ca.accepted_at',
    stop: 'ca.completed_at',
    deadline: () => 'ca.deadline_at',
    cancel: 'ca.cancelled_at',
    deadlineDoc: 'deadline_at',
  },
];

/** The timer rules of metrics.md as SQL conditions over S, E, D, C and the evaluation time p.t. */
function timerConditions(timer: TimerDeclaration, limits: Limits) {
  const E = timer.stop;
  const D = `(${timer.deadline(limits)})`;
  const C = timer.cancel;
  const cancelledBeforeDecided = C
    ? ` or (${C} is not null and ${C} <= ${D} and (${E} is null or ${C} <= ${E}))`
    : '';
  const counted = `not (${D} is null${cancelledBeforeDecided})`;
  return {
    counted,
    onTime: `${counted} and ${E} is not null and ${E} <= ${D} and ${E} <= p.t`,
    late: `${counted} and ${D} < p.t and (${E} is null or ${E} > ${D})`,
    overdue: `${counted} and ${D} < p.t and (${E} is null or ${E} > p.t)${C ? ` and (${C} is null or ${C} > p.t)` : ''}`,
    completed: `${counted} and ${E} <= p.t`,
  };
}

function timerMetricNames(timer: Pick<TimerDeclaration, 'name' | 'start'>) {
  const base = `crm_${timer.name}`;
  return {
    due: `${base}_due_total`,
    late: `${base}_late_total`,
    overdue: `${base}_overdue`,
    completed: timer.start ? `${base}_completed_total` : undefined,
    seconds: timer.start ? `${base}_seconds_total` : undefined,
  };
}

function timerMeasures(timer: TimerDeclaration, limits: Limits): Measure[] {
  const when = timerConditions(timer, limits);
  const names = timerMetricNames(timer);
  const s = timer.subject;
  const measures: Measure[] = [
    {
      metric: names.due,
      type: 'counter',
      help: `SLA timers decided (stopped on time, or deadline passed): ${s}.`,
      sql: `count(*) filter (where (${when.onTime}) or (${when.late}))`,
    },
    {
      metric: names.late,
      type: 'counter',
      help: `SLA timers late, counted when the deadline passes: ${s}.`,
      sql: `count(*) filter (where ${when.late})`,
    },
    {
      metric: names.overdue,
      type: 'gauge',
      help: `SLA timers past their deadline and still running now: ${s}.`,
      sql: `count(*) filter (where ${when.overdue})`,
    },
  ];
  if (timer.start && names.completed && names.seconds) {
    measures.push(
      {
        metric: names.completed,
        type: 'counter',
        help: `SLA timers stopped (not excluded): ${s}.`,
        sql: `count(*) filter (where ${when.completed})`,
      },
      {
        metric: names.seconds,
        type: 'counter',
        help: `Seconds from start to stop summed over the stopped SLA timers: ${s}.`,
        sql: `coalesce(sum(greatest(extract(epoch from (${timer.stop} - ${timer.start})), 0)) filter (where ${when.completed}), 0)`,
      },
    );
  }
  return measures;
}

export function timerFamilies(config: Config): Family[] {
  return TIMERS.map((timer) => ({
    name: timer.name,
    source: timer.source,
    labels: timer.labels,
    rows: timer.rows,
    measures: timerMeasures(timer, config.limits),
  }));
}
