import type { Config, Limits } from '../config';
import { AREA_CLASSES, NOTICE_KINDS, OUTAGE_KINDS } from '../db/contract';
import type { Family, LabelName, Measure, SourceName, Term } from './model';
import { at, earliest, latest, shifted, type Moment } from './moments';
import { SOURCES } from './sources';
import { columnRefs, seconds, type ColumnRef } from './sql-text';

const wo = columnRefs('work_orders');
const o = columnRefs('outages');
const ca = columnRefs('connection_applications');
const cl = columnRefs('calls');
const cs = columnRefs('connection_stages');

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
  /** columns a row needs before it is timed at all (a restoration is timed once the crew arrived) */
  requires?: ColumnRef[];
  start?: ColumnRef;
  stop: ColumnRef;
  deadline: (limits: Limits) => Moment;
  cancel?: ColumnRef;
  /** the deadline in words, for the metrics reference */
  deadlineDoc: string;
}

function limit(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`invalid limit ${value}`);
  return seconds(value);
}

type Direction = 'after' | 'before';

/**
 * `± (case <column> when 'a' then interval … end)`: a limit that depends on a closed-set column,
 * added after a moment or taken before it (a notice lead).
 */
function limitBy<K extends string>(
  column: ColumnRef,
  keys: readonly K[],
  limits: Record<K, number>,
  direction: Direction = 'after',
) {
  const branches = keys.map((key) => `when '${key}' then ${limit(limits[key])}`).join(' ');
  const values = keys.map((key) => limits[key]);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const sql = `(case ${column.sql} ${branches} end)`;
  return direction === 'after' ? { sql: `+ ${sql}`, min, max } : { sql: `- ${sql}`, min: -max, max: -min };
}

const plus = (value: number) => ({ sql: `+ ${limit(value)}`, min: value, max: value });

const NOTICED_KINDS = `${o.kind.sql} <> 'fault'`;
const happened = `not (${o.cancelled_at.sql} is not null and ${o.cancelled_at.sql} <= ${o.start_at.sql})`;

export const TIMERS: TimerDeclaration[] = [
  {
    name: 'work_order_closure',
    subject: 'work-order closure against the CRM deadline',
    source: 'work_orders',
    labels: ['region', 'segment', 'type'],
    start: wo.accepted_at,
    stop: wo.closed_at,
    deadline: () => at(wo.deadline_at),
    cancel: wo.cancelled_at,
    deadlineDoc: 'deadline_at',
  },
  {
    name: 'repair_arrival',
    subject: 'repair crew arrival on site',
    source: 'work_orders',
    labels: ['region', 'segment', 'area_class'],
    rows: `${wo.type.sql} = 'repair' and ${wo.needs_visit.sql}`,
    start: wo.accepted_at,
    stop: wo.arrived_at,
    deadline: (l) => shifted(at(wo.accepted_at), limitBy(wo.area_class, AREA_CLASSES, l.repair_arrival)),
    cancel: wo.cancelled_at,
    deadlineDoc: 'accepted_at + limits.repair_arrival[area_class]',
  },
  {
    name: 'repair_restoration',
    subject: 'power restoration after the crew arrived',
    source: 'work_orders',
    labels: ['region', 'segment', 'area_class'],
    rows: `${wo.type.sql} = 'repair' and ${wo.needs_visit.sql}`,
    requires: [wo.arrived_at],
    start: wo.arrived_at,
    stop: wo.restored_at,
    deadline: (l) => shifted(at(wo.arrived_at), limitBy(wo.area_class, AREA_CLASSES, l.repair_restoration)),
    cancel: wo.cancelled_at,
    deadlineDoc: 'arrived_at + limits.repair_restoration[area_class]',
  },
  {
    name: 'remediation',
    subject: 'rectification of an escalated work order by its promised date',
    source: 'work_orders',
    labels: ['region', 'segment', 'type'],
    requires: [wo.escalated_at, wo.remediation_due_at],
    start: wo.escalated_at,
    stop: wo.remediated_at,
    deadline: () => at(wo.remediation_due_at),
    cancel: wo.cancelled_at,
    deadlineDoc: 'remediation_due_at',
  },
  {
    name: 'outage_notice',
    subject: 'customer notice ahead of an outage that is not a fault',
    source: 'outages',
    labels: ['region', 'kind'],
    rows: NOTICED_KINDS,
    stop: o.notified_at,
    deadline: (l) => shifted(at(o.start_at), limitBy(o.kind, NOTICE_KINDS, l.outage_notice_lead, 'before')),
    cancel: o.cancelled_at,
    deadlineDoc: 'start_at − limits.outage_notice_lead[kind]',
  },
  {
    name: 'outage_info_report',
    subject: 'outage information reported to the service system',
    source: 'outages',
    labels: ['region', 'kind'],
    start: o.start_at,
    stop: o.info_reported_at,
    deadline: (l) => shifted(at(o.start_at), limitBy(o.kind, OUTAGE_KINDS, l.outage_info_report)),
    cancel: o.cancelled_at,
    deadlineDoc: 'start_at + limits.outage_info_report[kind]',
  },
  {
    name: 'restoration_info_report',
    subject: 'restoration information reported after power is back',
    source: 'outages',
    labels: ['region', 'kind'],
    requires: [o.end_at],
    start: o.end_at,
    stop: o.restore_reported_at,
    deadline: (l) => shifted(at(o.end_at), plus(l.restoration_info_report)),
    cancel: o.cancelled_at,
    deadlineDoc: 'end_at + limits.restoration_info_report',
  },
  {
    name: 'planned_outage_restoration',
    subject: 'outage restored by its planned end',
    source: 'outages',
    labels: ['region', 'kind'],
    requires: [o.planned_end_at],
    start: o.start_at,
    stop: o.end_at,
    deadline: () => at(o.planned_end_at),
    cancel: o.cancelled_at,
    deadlineDoc: 'planned_end_at',
  },
  {
    name: 'outage_duration',
    subject: 'outage over by the long-outage limit',
    source: 'outages',
    labels: ['region', 'kind'],
    rows: happened,
    start: o.start_at,
    stop: o.end_at,
    deadline: (l) => shifted(at(o.start_at), plus(l.long_outage)),
    deadlineDoc: 'start_at + limits.long_outage',
  },
  {
    name: 'call_answer',
    subject: 'hotline call answered within the answer limit (short abandons left out)',
    source: 'calls',
    labels: ['region', 'queue'],
    start: cl.offered_at,
    stop: cl.answered_at,
    deadline: (l) => shifted(at(cl.offered_at), plus(l.call_answer)),
    cancel: cl.abandoned_at,
    deadlineDoc: 'offered_at + limits.call_answer',
  },
  {
    name: 'missed_call_callback',
    subject: 'abandoned hotline call called back within the callback limit',
    source: 'calls',
    labels: ['region', 'queue'],
    requires: [cl.abandoned_at],
    start: cl.abandoned_at,
    stop: cl.called_back_at,
    deadline: (l) => shifted(at(cl.abandoned_at), plus(l.missed_call_callback)),
    deadlineDoc: 'abandoned_at + limits.missed_call_callback',
  },
  {
    name: 'connection_stage',
    subject: 'new-connection stage (业扩环节) against its CRM deadline',
    source: 'connection_stages',
    labels: ['region', 'segment', 'customer_class', 'stage'],
    start: cs.started_at,
    stop: cs.completed_at,
    deadline: () => at(cs.deadline_at),
    cancel: ca.cancelled_at,
    deadlineDoc: 'deadline_at',
  },
  {
    name: 'connection',
    subject: 'new connection (业扩) against the CRM deadline',
    source: 'connection_applications',
    labels: ['region', 'segment', 'customer_class'],
    start: ca.accepted_at,
    stop: ca.completed_at,
    deadline: () => at(ca.deadline_at),
    cancel: ca.cancelled_at,
    deadlineDoc: 'deadline_at',
  },
];

/** The rows a timer times: its static condition and the columns it needs. */
export function timerRows(timer: TimerDeclaration): string | undefined {
  const parts = [
    ...(timer.rows ? [timer.rows] : []),
    ...(timer.requires ?? []).map((c) => `${c.sql} is not null`),
  ];
  return parts.length ? parts.join(' and ') : undefined;
}

/**
 * The timer rules of metrics.md as terms over S, E, D and C. Each term's condition is settled once
 * its moment is: a stop or cancellation written later lies after the moment, so it cannot change
 * whether the timer was excluded, on time or late by then.
 */
function timerTerms(timer: TimerDeclaration, limits: Limits) {
  const E = at(timer.stop);
  const D = timer.deadline(limits);
  const C = timer.cancel ? at(timer.cancel) : undefined;
  const cancelledBeforeDecided = C
    ? ` or (${C.sql} is not null and ${C.sql} <= ${D.sql} and (${E.sql} is null or ${C.sql} <= ${E.sql}))`
    : '';
  const counted = `not (${D.sql} is null${cancelledBeforeDecided})`;
  const stopped: Moment = C ? earliest(E, C) : E;
  const completed: Term = { where: counted, since: E };
  return {
    onTime: { where: `${counted} and ${E.sql} <= ${D.sql}`, since: E } satisfies Term,
    late: {
      where: `${counted} and (${E.sql} is null or ${E.sql} > ${D.sql})`,
      since: D,
      before: D,
    } satisfies Term,
    pastDeadline: { where: counted, since: D, before: D } satisfies Term,
    pastDeadlineAndStopped: { where: counted, since: latest(D, stopped), before: D } satisfies Term,
    completed,
    microseconds: (start: ColumnRef): Term => ({
      ...completed,
      // date_part's double rather than extract's numeric: numeric arithmetic on every row of a full
      // recount cost more than the rest of the sum; the double is exact to well under a microsecond
      // for any duration up to centuries, so rounding gives the exact count of microseconds
      sum: `greatest(round(date_part('epoch', ${E.sql} - ${start.sql}) * 1000000), 0)::bigint`,
    }),
  };
}
export function timerMetricNames(timer: Pick<TimerDeclaration, 'name' | 'start'>) {
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
  const terms = timerTerms(timer, limits);
  const names = timerMetricNames(timer);
  const s = timer.subject;
  const measures: Measure[] = [
    {
      metric: names.due,
      type: 'counter',
      help: `SLA timers decided (stopped on time, or deadline passed): ${s}.`,
      add: [terms.onTime, terms.late],
    },
    {
      metric: names.late,
      type: 'counter',
      help: `SLA timers late, counted when the deadline passes: ${s}.`,
      add: [terms.late],
    },
    {
      metric: names.overdue,
      type: 'gauge',
      help: `SLA timers past their deadline and still running now: ${s}.`,
      add: [terms.pastDeadline],
      subtract: [terms.pastDeadlineAndStopped],
    },
  ];
  if (timer.start && names.completed && names.seconds) {
    measures.push(
      {
        metric: names.completed,
        type: 'counter',
        help: `SLA timers stopped (not excluded): ${s}.`,
        add: [terms.completed],
      },
      {
        metric: names.seconds,
        type: 'counter',
        help: `Seconds from start to stop summed over the stopped SLA timers: ${s}.`,
        add: [terms.microseconds(timer.start)],
        scale: 1e6,
      },
    );
  }
  return measures;
}

export function timerFamilies(config: Config, timers: readonly TimerDeclaration[] = TIMERS): Family[] {
  return timers.map((timer) => ({
    name: timer.name,
    source: timer.source,
    labels: timer.labels,
    rows: timerRows(timer),
    memberSince: timer.requires
      ? latest(at(SOURCES[timer.source].anchor), ...timer.requires.map(at))
      : undefined,
    measures: timerMeasures(timer, config.limits),
  }));
}
