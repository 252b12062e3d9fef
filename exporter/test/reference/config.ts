/**
 * The settings the naive reference needs, with the defaults of shared/docs/metrics.md and kpis.md,
 * and their translation into the exporter's YAML-shaped config (snake_case keys, seconds).
 */

export type RegionLevel = 'province' | 'city' | 'county' | 'station' | 'grid';

export type OutageKind = 'planned' | 'temporary' | 'fault' | 'load_shedding' | 'breach' | 'arrears';
/** every kind but a fault is announced ahead */
export type NoticeKind = Exclude<OutageKind, 'fault'>;

/** which parts of crm-schema.md the CRM has: v1 only, or the optional v2 relations and columns too */
export type Contract = 'v1' | 'v2';

export interface LabelCap {
  max: number;
  allow?: string[];
}

export interface NaiveConfig {
  regionLevel: RegionLevel;
  sensitiveMinStars: number;
  /** all limits in seconds */
  limits: {
    repairArrival: { urban: number; rural: number; remote: number };
    repairRestoration: { urban: number; rural: number; remote: number };
    outageNoticeLead: Record<NoticeKind, number>;
    outageInfoReport: Record<OutageKind, number>;
    restorationInfoReport: number;
    longOutage: number;
    callAnswer: number;
    missedCallCallback: number;
  };
  /** the ages of the arrears gauges, in days (`over="30d"`) */
  arrearsOverDays: number[];
  labels: { segment: LabelCap; channel: LabelCap; queue: LabelCap };
  /** seconds: the trailing window of the outage-experience gauges */
  experienceWindow: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

export function defaultConfig(): NaiveConfig {
  return {
    regionLevel: 'county',
    sensitiveMinStars: 3,
    limits: {
      repairArrival: { urban: 45 * MINUTE, rural: 90 * MINUTE, remote: 120 * MINUTE },
      repairRestoration: { urban: 3 * HOUR, rural: 4 * HOUR, remote: 4 * HOUR },
      outageNoticeLead: {
        planned: 7 * DAY,
        temporary: 24 * HOUR,
        load_shedding: 24 * HOUR,
        breach: 3 * DAY,
        arrears: 3 * DAY,
      },
      outageInfoReport: {
        planned: 0,
        temporary: 0,
        fault: 15 * MINUTE,
        load_shedding: 0,
        breach: 0,
        arrears: 0,
      },
      restorationInfoReport: 15 * MINUTE,
      longOutage: 4 * HOUR,
      callAnswer: 20,
      missedCallCallback: 24 * HOUR,
    },
    arrearsOverDays: [0, 30, 60, 90],
    labels: { segment: { max: 12 }, channel: { max: 12 }, queue: { max: 12 } },
    experienceWindow: 365 * DAY,
  };
}

/** The exporter's config object for the same settings (every key written out, nothing left to defaults). */
export function toExporterConfig(config: NaiveConfig): Record<string, unknown> {
  const { limits } = config;
  const cap = (c: LabelCap) => (c.allow ? { max: c.max, allow: c.allow } : { max: c.max });
  return {
    region_level: config.regionLevel,
    sensitive_min_stars: config.sensitiveMinStars,
    limits: {
      repair_arrival: { ...limits.repairArrival },
      repair_restoration: { ...limits.repairRestoration },
      outage_notice_lead: { ...limits.outageNoticeLead },
      outage_info_report: { ...limits.outageInfoReport },
      restoration_info_report: limits.restorationInfoReport,
      long_outage: limits.longOutage,
      call_answer: limits.callAnswer,
      missed_call_callback: limits.missedCallCallback,
    },
    arrears_over: config.arrearsOverDays.map((days) => `${days}d`),
    labels: {
      segment: cap(config.labels.segment),
      channel: cap(config.labels.channel),
      queue: cap(config.labels.queue),
    },
    experience_window: config.experienceWindow,
  };
}
