import { addWorkingDays } from './calendar';
import type { ConnectionBasis, ConnectionPlan } from './connections';
import { CONNECTION_WORKING_DAYS, type Millis } from './model';
import { serviceQualityOf } from './quality-v2';
import { lognormal, randomFor } from './random';
import type { CONNECTION_STAGES } from '@service-kpi-monitor/exporter/contract';
import { STREAM } from './world';

/**
 * The stages of a new connection (connection_stages), in order, each started when the last one is done
 * and limited by its share of the application's working days. High-voltage applications go through all
 * five stages; low-voltage and residential ones only get a plan reply and the connection. The stages
 * fill the application's own time: the last one completes when the meter is installed. In 岳西 the site
 * inspections drag on, in 南陵 everything does.
 */
export type Stage = (typeof CONNECTION_STAGES)[number];

export interface ConnectionStageRow {
  application_id: number;
  stage: Stage;
  started_at: Millis;
  deadline_at: Millis;
  completed_at: Millis | null;
}

const HIGH_VOLTAGE: readonly (readonly [Stage, number])[] = [
  ['plan_reply', 0.35],
  ['design_review', 0.2],
  ['midway_inspection', 0.1],
  ['completion_acceptance', 0.15],
  ['connection', 0.2],
];
const LOW_VOLTAGE: readonly (readonly [Stage, number])[] = [
  ['plan_reply', 0.4],
  ['connection', 0.6],
];
const SITE_STAGES = new Set<Stage>(['midway_inspection', 'completion_acceptance', 'connection']);

export interface StagePlan {
  stage: Stage;
  startAt: Millis;
  deadlineAt: Millis;
  completeAt: Millis;
}

/** Pure: every stage's start, deadline and completion, from the application's plan and the seed. */
export function planStages(seed: number, basis: ConnectionBasis, plan: ConnectionPlan): StagePlan[] {
  const random = randomFor(seed, STREAM.stages, basis.id);
  const stages = basis.customer_class.startsWith('hv') ? HIGH_VOLTAGE : LOW_VOLTAGE;
  const slow = serviceQualityOf(basis.region_id).stageSlowness;
  const weights = stages.map(
    ([stage, share]) => share * lognormal(random, 1, 0.45) * (SITE_STAGES.has(stage) ? slow : 1),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const span = basis.deadline_at - basis.accepted_at;
  // a withdrawn application would have taken about as long as a typical one
  const end = plan.completeAt ?? basis.accepted_at + span * 0.6;
  const days = CONNECTION_WORKING_DAYS[basis.customer_class];
  let at = basis.accepted_at;
  return stages.map(([stage, share], i) => {
    const startAt = at;
    at =
      i === stages.length - 1
        ? end
        : Math.round((at + ((end - basis.accepted_at) * weights[i]!) / total) / 1000) * 1000;
    return {
      stage,
      startAt,
      deadlineAt: addWorkingDays(startAt, Math.max(1, Math.round(days * share))),
      completeAt: at,
    };
  });
}

/** The stage rows as the CRM shows them at `now`: stages not started yet, or after a withdrawal, are absent. */
export function stagesAt(
  basis: ConnectionBasis,
  plan: ConnectionPlan,
  stages: StagePlan[],
  now: Millis,
): ConnectionStageRow[] {
  const stop = Math.min(now, plan.cancelAt ?? Infinity);
  return stages
    .filter((s) => s.startAt <= stop)
    .map((s) => ({
      application_id: basis.id,
      stage: s.stage,
      started_at: s.startAt,
      deadline_at: s.deadlineAt,
      completed_at: s.completeAt <= stop ? s.completeAt : null,
    }));
}
