import { z } from 'zod';
import { REGION_LEVELS } from '../db/contract';
import { isIP } from 'node:net';
import { DATA_LIMIT, TIMER_LIMIT, durationUpTo } from './durations';

const timerDuration = durationUpTo(TIMER_LIMIT, 'a timer of the exporter');
const statementDuration = durationUpTo(TIMER_LIMIT, 'a PostgreSQL statement_timeout');
const dataDuration = durationUpTo(DATA_LIMIT, 'a span of CRM timestamps');

/** A host name as DNS writes it (RFC 1123 labels). */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** A PostgreSQL URL; the message never repeats the value, which holds the password. */
function isDatabaseUrl(text: string): boolean {
  if (!URL.canParse(text)) return false; // also a port beyond 65535
  const url = new URL(text);
  return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '';
}

/**
 * The one configuration object: YAML keys (CONFIG_FILE) and environment variables both land here.
 * Defaults are the limits of shared/docs/kpis.md.
 */

const limitsByArea = (urban: number, rural: number, remote: number) =>
  z.strictObject({
    urban: dataDuration.default(urban),
    rural: dataDuration.default(rural),
    remote: dataDuration.default(remote),
  });

const labelCap = z.strictObject({
  /** at most this many distinct values; the rest are published as `other` */
  max: z.int().min(1).max(200).default(12),
  /** when set, exactly these values are published and every other one becomes `other` */
  allow: z.array(z.string().min(1)).min(1).optional(),
});

const DAY = 86400;
/** the age thresholds of the arrears gauges (`over`), in seconds: 0, 30, 60 and 90 days */
export const DEFAULT_ARREARS_OVER = [0, 30 * DAY, 60 * DAY, 90 * DAY];

/** Ascending whole days, each once: they become the `over` label values `0d`, `30d`, … */
const arrearsOver = z
  .array(dataDuration)
  .min(1)
  .max(8)
  .refine(
    (list) => list.every((s) => Number.isInteger(s / DAY)),
    'expected whole days, such as [0d, 30d, 60d, 90d]',
  )
  .refine(
    (list) => list.every((s, i) => i === 0 || s > (list[i - 1] as number)),
    'expected days in ascending order, each once',
  )
  .default(DEFAULT_ARREARS_OVER);

export const configSchema = z.strictObject({
  /** postgres://user:password@host:port/db; required by the service (unset: the demo brings its own) */
  database_url: z
    .string()
    .refine(
      isDatabaseUrl,
      'expected a URL such as postgres://user:password@host:5432/db (host and a port up to 65535; not the key=value form)',
    )
    .optional(),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case PostgreSQL identifier such as crm')
    .default('crm'),
  listen_address: z
    .string()
    .refine(
      (text) => isIP(text) !== 0 || HOST_NAME.test(text),
      'expected an IP address such as 0.0.0.0, 127.0.0.1 or ::, or a host name',
    )
    .default('0.0.0.0'),
  /** TLS and authentication of the HTTP endpoints, in the Prometheus exporters' web-config format */
  web_config_file: z.string().min(1).optional(),
  /**
   * requests one client address may make per minute (429 beyond): a dozen Prometheus replicas
   * scraping every second plus people on the landing page stay far below the default
   */
  http_requests_per_minute: z.int().min(1).default(600),
  /** decimal digits only: Number() would read 0x50 as 80 and 1e4 as 10000 */
  port: z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const text = String(value);
      if (/^\d{1,5}$/.test(text) && Number(text) <= 65535) return Number(text);
      ctx.addIssue({
        code: 'custom',
        message: `expected a decimal port number from 0 to 65535, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    })
    .default(9742),
  region_level: z.enum(REGION_LEVELS).default('county'),
  refresh_interval: timerDuration.default(30).refine((s) => s >= 1, 'expected at least 1s'),
  statement_timeout: statementDuration.default(60).refine((s) => s >= 1, 'expected at least 1s'),
  /** a refresh still running after this long is abandoned and its database session terminated */
  refresh_timeout: timerDuration.default(300).refine((s) => s >= 1, 'expected at least 1s'),
  /**
   * how long after its timestamps a row may still be inserted or changed: counts settle after this
   * and later refreshes read only rows with a timestamp in the window
   */
  settle_window: dataDuration.default(3600),
  /** every family is recounted in full this often (one per refresh), and any drift counted; 0 = always */
  full_recount_interval: dataDuration.default(3600),
  /**
   * the per-customer outage-experience gauges slide with time over a large relation: they are
   * recounted in full this often, on a schedule of their own beside the refresh
   */
  experience_interval: timerDuration.default(15 * 60).refine((s) => s >= 1, 'expected at least 1s'),
  /** the trailing window of outages the experience gauges count: start_at in (t − window, t] */
  experience_window: dataDuration.default(365 * 86400).refine((s) => s >= 1, 'expected at least 1s'),
  pool_max: z.int().min(1).max(10).default(2),
  /** KPI series the exporter publishes at most; new label combinations beyond it are refused */
  max_series: z.int().min(1).default(200_000),
  sensitive_min_stars: z.int().min(0).max(5).default(3),
  limits: z
    .strictObject({
      repair_arrival: limitsByArea(45 * 60, 90 * 60, 120 * 60).prefault({}),
      repair_restoration: limitsByArea(3 * 3600, 4 * 3600, 4 * 3600).prefault({}),
      // cut-offs for breach or arrears: the supply rules' "three to seven days" of notice
      outage_notice_lead: z
        .strictObject({
          planned: dataDuration.default(7 * 86400),
          temporary: dataDuration.default(86400),
          load_shedding: dataDuration.default(86400),
          breach: dataDuration.default(3 * 86400),
          arrears: dataDuration.default(3 * 86400),
        })
        .prefault({}),
      outage_info_report: z
        .strictObject({
          planned: dataDuration.default(0),
          temporary: dataDuration.default(0),
          fault: dataDuration.default(15 * 60),
          load_shedding: dataDuration.default(0),
          breach: dataDuration.default(0),
          arrears: dataDuration.default(0),
        })
        .prefault({}),
      restoration_info_report: dataDuration.default(15 * 60),
      /** an outage lasting longer than this is a long outage (outage_duration timer), all kinds */
      long_outage: dataDuration.default(4 * 3600),
      /** a hotline call answered within this is on time (service level, call_answer timer) */
      call_answer: dataDuration.default(20),
      /** an abandoned call called back within this is on time (missed_call_callback timer) */
      missed_call_callback: dataDuration.default(DAY),
    })
    .prefault({}),
  /** bills in arrears for more than each of these are counted under `over` (cumulative) */
  arrears_over: arrearsOver,
  labels: z
    .strictObject({
      segment: labelCap.prefault({}),
      channel: labelCap.prefault({}),
      queue: labelCap.prefault({}),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type Limits = Config['limits'];
export type LabelCapConfig = Config['labels']['segment'];
