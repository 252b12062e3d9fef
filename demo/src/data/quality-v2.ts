import { countyOf } from './regions';

/**
 * How well a county does on the v2 side of the service (calls, escalations, arrears, connection stages,
 * report validity). The two counties in breach (quality.ts) are worse here too, so that every v2 KPI
 * has something to show there: 南陵县 a slow back office and poorer customers, 岳西县 a mountain county
 * with thin crews and long lines.
 */
export interface ServiceQuality {
  /** multiplies the hotline's answer wait for callers from the county */
  callWait: number;
  /** probability that an abandoned call is called back only after 24 h (or never) */
  lateCallback: number;
  /** probability that an escalated order is rectified after its promised date */
  lateRemediation: number;
  /** multiplies the share of repairs the utility starts before anyone calls */
  proactive: number;
  /** multiplies the time connection stages take */
  stageSlowness: number;
  /** probability that restoration information fails validation */
  invalidRestoreInfo: number;
  /** multiplies the odds of a poor credit grade (C, D) and of a bill going unpaid */
  creditRisk: number;
  /** multiplies how long outages last */
  outageLength: number;
  /** multiplies the odds that an account is closed (churn) */
  churn: number;
}

const HEALTHY: ServiceQuality = {
  callWait: 1,
  lateCallback: 0.12,
  lateRemediation: 0.08,
  proactive: 1,
  stageSlowness: 1,
  invalidRestoreInfo: 0.03,
  creditRisk: 1,
  outageLength: 1,
  churn: 1,
};

const BAD: Readonly<Record<string, ServiceQuality>> = {
  'ah.wuhu.nanling': {
    callWait: 1.8,
    lateCallback: 0.35,
    lateRemediation: 0.45,
    proactive: 0.4,
    stageSlowness: 1.3,
    invalidRestoreInfo: 0.14,
    creditRisk: 2.2,
    outageLength: 2.2,
    churn: 1.8,
  },
  'ah.anqing.yuexi': {
    callWait: 1.6,
    lateCallback: 0.3,
    lateRemediation: 0.3,
    proactive: 0.5,
    stageSlowness: 1.6,
    invalidRestoreInfo: 0.15,
    creditRisk: 1.8,
    outageLength: 1.2,
    churn: 1.5,
  },
};

export function serviceQualityOf(regionId: string): ServiceQuality {
  return BAD[countyOf(regionId)] ?? HEALTHY;
}
