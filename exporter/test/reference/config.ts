/**
 * The settings the naive reference needs, with the defaults of shared/docs/metrics.md and kpis.md,
 * and their translation into the exporter's YAML-shaped config (snake_case keys, seconds).
 */

export type RegionLevel = 'province' | 'city' | 'county' | 'station' | 'grid';

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
    outageNoticeLead: { planned: number; temporary: number };
    outageInfoReport: { planned: number; temporary: number; fault: number };
    restorationInfoReport: number;
  };
  labels: { segment: LabelCap; channel: LabelCap };
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
      outageNoticeLead: { planned: 7 * DAY, temporary: 24 * HOUR },
      outageInfoReport: { planned: 0, temporary: 0, fault: 15 * MINUTE },
      restorationInfoReport: 15 * MINUTE,
    },
    labels: { segment: { max: 12 }, channel: { max: 12 } },
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
    },
    labels: { segment: cap(config.labels.segment), channel: cap(config.labels.channel) },
  };
}
