import { addWorkingDays } from './calendar';
import { roundToSecond } from './customers';
import { DAY, type Millis, type WorkOrderRow, type WorkOrderType } from './model';
import { serviceQualityOf } from './quality-v2';
import { chance, lognormal, randomFor, uniformInt } from './random';
import { STREAM } from './world';

/**
 * The v2 life of a work order, from its own random stream (the v1 plan stays as it was): proactive
 * repairs (主动抢修) and escalations to the functional departments (提级会商) with a promised
 * rectification date (整改时限) that is sometimes missed.
 */
export interface EscalationPlan {
  proactive: boolean;
  escalateAt: Millis | null;
  remediationDueAt: Millis | null;
  /** null: never rectified */
  remediateAt: Millis | null;
}

const ESCALATED_SHARE: Partial<Record<WorkOrderType, number>> = {
  complaint: 0.18,
  urge: 0.06,
  opinion: 0.05,
};
const PROACTIVE_SHARE = 0.08;
const NOTHING: EscalationPlan = {
  proactive: false,
  escalateAt: null,
  remediationDueAt: null,
  remediateAt: null,
};

export function planEscalation(
  seed: number,
  basis: { id: number; type: WorkOrderType; region_id: string; accepted_at: Millis },
  cancelAt: Millis | null,
): EscalationPlan {
  const share = ESCALATED_SHARE[basis.type];
  if (share === undefined && basis.type !== 'repair') return NOTHING;
  const random = randomFor(seed, STREAM.escalation, basis.id);
  const q = serviceQualityOf(basis.region_id);
  const proactive = basis.type === 'repair' && chance(random, PROACTIVE_SHARE * q.proactive);
  const escalated = (share ?? 0) * (q.lateRemediation > 0.2 ? 1.6 : 1);
  const escalateAt = roundToSecond(basis.accepted_at + lognormal(random, 1.5 * DAY, 0.6));
  if (!chance(random, escalated) || (cancelAt !== null && cancelAt <= escalateAt)) {
    return proactive ? { ...NOTHING, proactive } : NOTHING;
  }
  const remediationDueAt = addWorkingDays(escalateAt, uniformInt(random, 2, 4) * 5);
  const span = remediationDueAt - escalateAt;
  const u = random();
  const remediateAt =
    u < 0.03
      ? null
      : u < 0.03 + q.lateRemediation
        ? roundToSecond(remediationDueAt + lognormal(random, 6 * DAY, 0.8))
        : roundToSecond(escalateAt + span * (0.3 + 0.65 * random()));
  return { proactive, escalateAt, remediationDueAt, remediateAt };
}

/** The escalation columns as the CRM shows them at `now`. */
export function escalationAt(
  plan: EscalationPlan,
  now: Millis,
): Pick<WorkOrderRow, 'proactive' | 'escalated_at' | 'remediation_due_at' | 'remediated_at'> {
  const escalated = plan.escalateAt !== null && plan.escalateAt <= now;
  return {
    proactive: plan.proactive,
    escalated_at: escalated ? plan.escalateAt : null,
    remediation_due_at: escalated ? plan.remediationDueAt : null,
    remediated_at:
      escalated && plan.remediateAt !== null && plan.remediateAt <= now ? plan.remediateAt : null,
  };
}
