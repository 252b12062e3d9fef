import { z } from 'zod';
import { REGION_LEVELS } from '../db/contract';
import { duration } from './durations';

/**
 * The one configuration object: YAML keys (CONFIG_FILE) and environment variables both land here.
 * Defaults are the limits of shared/docs/kpis.md.
 */

const limitsByArea = (urban: number, rural: number, remote: number) =>
  z.strictObject({
    urban: duration.default(urban),
    rural: duration.default(rural),
    remote: duration.default(remote),
  });

const labelCap = z.strictObject({
  /** at most this many distinct values; the rest are published as `other` */
  max: z.int().min(1).max(200).default(12),
  /** when set, exactly these values are published and every other one becomes `other` */
  allow: z.array(z.string().min(1)).min(1).optional(),
});

export const configSchema = z.strictObject({
  /** postgres://user:password@host:port/db; unset = embedded demo database */
  database_url: z.string().min(1).optional(),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case PostgreSQL identifier such as crm')
    .default('crm'),
  listen_address: z.string().min(1).default('0.0.0.0'),
  /** TLS and authentication of the HTTP endpoints, in the Prometheus exporters' web-config format */
  web_config_file: z.string().min(1).optional(),
  /**
   * requests one client address may make per minute (429 beyond): a dozen Prometheus replicas
   * scraping every second plus people on the landing page stay far below the default
   */
  http_requests_per_minute: z.int().min(1).default(600),
  port: z.coerce.number().int().min(0).max(65535).default(9742),
  region_level: z.enum(REGION_LEVELS).default('county'),
  refresh_interval: duration.default(30).refine((s) => s >= 1, 'expected at least 1s'),
  statement_timeout: duration.default(60).refine((s) => s >= 1, 'expected at least 1s'),
  /** a refresh still running after this long is abandoned and its database session terminated */
  refresh_timeout: duration.default(300).refine((s) => s >= 1, 'expected at least 1s'),
  /**
   * how long after its timestamps a row may still be inserted or changed: counts settle after this
   * and later refreshes read only rows with a timestamp in the window
   */
  settle_window: duration.default(3600),
  /** every family is recounted in full this often (one per refresh), and any drift counted; 0 = always */
  full_recount_interval: duration.default(3600),
  pool_max: z.int().min(1).max(10).default(2),
  /** KPI series the exporter publishes at most; new label combinations beyond it are refused */
  max_series: z.int().min(1).default(200_000),
  sensitive_min_stars: z.int().min(0).max(5).default(3),
  limits: z
    .strictObject({
      repair_arrival: limitsByArea(45 * 60, 90 * 60, 120 * 60).prefault({}),
      repair_restoration: limitsByArea(3 * 3600, 4 * 3600, 4 * 3600).prefault({}),
      outage_notice_lead: z
        .strictObject({ planned: duration.default(7 * 86400), temporary: duration.default(86400) })
        .prefault({}),
      outage_info_report: z
        .strictObject({
          planned: duration.default(0),
          temporary: duration.default(0),
          fault: duration.default(15 * 60),
        })
        .prefault({}),
      restoration_info_report: duration.default(15 * 60),
    })
    .prefault({}),
  labels: z.strictObject({ segment: labelCap.prefault({}), channel: labelCap.prefault({}) }).prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type Limits = Config['limits'];
export type LabelCapConfig = Config['labels']['segment'];
