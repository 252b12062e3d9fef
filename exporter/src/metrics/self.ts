import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricDoc } from './docs';
import type { ContentType } from './exposition';

/** The exporter's metrics about itself, declared once for the registry and the reference. */
export const SELF_METRICS = {
  up: {
    name: 'crm_exporter_up',
    type: 'gauge',
    help: '1 when the last refresh of every query family succeeded, else 0.',
    labels: [],
  },
  lastSuccess: {
    name: 'crm_exporter_last_refresh_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last successful refresh: the age of the published data.',
    labels: [],
  },
  familyLastSuccess: {
    name: 'crm_exporter_family_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last refresh in which this query family succeeded (0: not yet): the age of its data, so one failing family does not make the others look stale.',
    labels: ['family'],
  },
  familyInterval: {
    name: 'crm_exporter_family_refresh_interval_seconds',
    type: 'gauge',
    help: 'How often a query family is read: refresh_interval, or experience_interval for the outage-experience queries (outage_customers, invalid_outage_customers), which run on a schedule of their own beside the refresh.',
    labels: ['family'],
  },
  evaluationTime: {
    name: 'crm_exporter_evaluation_timestamp_seconds',
    type: 'gauge',
    help: "The database's now() at the start of the refresh the KPI values describe.",
    labels: [],
  },
  duration: {
    name: 'crm_exporter_refresh_duration_seconds',
    type: 'histogram',
    help: 'Time spent by each query family of a refresh.',
    labels: ['family'],
  },
  lastDuration: {
    name: 'crm_exporter_last_refresh_duration_seconds',
    type: 'gauge',
    help: 'Wall time of the last refresh, all families.',
    labels: [],
  },
  failures: {
    name: 'crm_exporter_refresh_failures_total',
    type: 'counter',
    help: 'Refreshes in which a query family failed, by family (`connection` when no query could run).',
    labels: ['family'],
  },
  invalidRows: {
    name: 'crm_exporter_invalid_rows',
    type: 'gauge',
    help: 'Rows skipped now because they break the source contract (nulls, unknown codes, implausible timestamps, unpublishable labels), by relation and reason; 0 once they are fixed.',
    labels: ['relation', 'reason'],
  },
  invalidRowsFound: {
    name: 'crm_exporter_invalid_rows_total',
    type: 'counter',
    help: 'Rows found breaking the source contract, by relation and reason: each rise of crm_exporter_invalid_rows, so it never goes down; every declared reason starts at 0.',
    labels: ['relation', 'reason'],
  },
  fullRecounts: {
    name: 'crm_exporter_full_recounts_total',
    type: 'counter',
    help: 'Full recounts of a query family (the first refresh, every full_recount_interval, after a region tree change); other refreshes read only the rows of the last settle_window.',
    labels: ['family'],
  },
  drift: {
    name: 'crm_exporter_incremental_drift_total',
    type: 'counter',
    help: 'KPI series a periodic full recount found different from the incremental count (rows edited or filed later than settle_window after their timestamps), by family; the recount corrects them.',
    labels: ['family'],
  },
  holdback: {
    name: 'crm_exporter_counter_holdback',
    type: 'gauge',
    help: 'How far the counters of a KPI family are held above their true counts, summed over its series: the CRM deleted or corrected rows and a counter must not go down while the process lives.',
    labels: ['family'],
  },
  corrections: {
    name: 'crm_exporter_counter_corrections_total',
    type: 'counter',
    help: 'Counter series of a KPI family whose true count went down in a refresh (held back instead of published lower).',
    labels: ['family'],
  },
  overflow: {
    name: 'crm_exporter_label_overflow_total',
    type: 'counter',
    help: 'Distinct label values folded into `other` by the label caps, by label.',
    labels: ['label'],
  },
  series: {
    name: 'crm_exporter_series',
    type: 'gauge',
    help: 'KPI series published, against the max_series budget in crm_exporter_series_limit.',
    labels: [],
  },
  seriesLimit: {
    name: 'crm_exporter_series_limit',
    type: 'gauge',
    help: 'The max_series budget: KPI series the exporter publishes at most.',
    labels: [],
  },
  seriesRefused: {
    name: 'crm_exporter_series_refused',
    type: 'gauge',
    help: 'Label combinations the last refresh could not publish because the series budget was reached.',
    labels: [],
  },
  roleCanWrite: {
    name: 'crm_exporter_database_role_can_write',
    type: 'gauge',
    help: '1 when the database role can write: superuser, or write privileges on any table or view it can reach (the tables behind the contract views too), or default privileges for tables created later. Give the exporter a SELECT-only role.',
    labels: [],
  },
  missingIndex: {
    name: 'crm_exporter_missing_index',
    type: 'gauge',
    help: '1 per column an incremental query filters on without a btree index leading with it: the refresh scans the table. The landing page and the log name the CREATE INDEX to run.',
    labels: ['relation', 'column'],
  },
  familyEnabled: {
    name: 'crm_exporter_family_enabled',
    type: 'gauge',
    help: '1 per KPI family the CRM has the relations and columns for; 0 for a family that needs an optional v2 relation or column the CRM lacks (the landing page and the log name what is missing). Checked on every refresh.',
    labels: ['family'],
  },
  buildInfo: {
    name: 'crm_exporter_build_info',
    type: 'gauge',
    help: 'Always 1; the labels say which exporter build is running.',
    labels: ['version', 'nodejs_version'],
  },
} as const satisfies Record<string, MetricDoc>;

/** The exporter package's version, read from its package.json (src/ and dist/ sit at the same depth). */
export const EXPORTER_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** Label values of the self-metrics known before the first refresh. */
export interface KnownLabelValues {
  /** refresh queries: a source's families, or `invalid_<relation>` */
  queries: readonly string[];
  /** queries on a schedule of their own, read in full every time (the outage experience) */
  scheduled: readonly string[];
  /** parts of the queries a recount compares: KPI families and invalid-row checks */
  parts: readonly string[];
  /** KPI families */
  families: readonly string[];
  cappedLabels: readonly string[];
}

/** What a refresh can fail on besides a query: no connection at all, or refresh_timeout. */
export const REFRESH_FAILURES = ['connection', 'timeout'] as const;

/**
 * Live self-metrics: rendered on every scrape (cheap), unlike the cached KPI exposition.
 * One instance per exposition format, because prom-client renames counters in place for OpenMetrics.
 * Labelled counters start at 0 for every label value known up front, so the first failure is an
 * increase Prometheus can see rather than a series that appears already at 1.
 */
export class SelfMetrics {
  readonly registry: Registry<ContentType>;
  readonly up: Gauge;
  readonly lastSuccess: Gauge;
  readonly familyLastSuccess: Gauge<'family'>;
  readonly familyInterval: Gauge<'family'>;
  readonly lastDuration: Gauge;
  readonly evaluationTime: Gauge;
  readonly duration: Histogram<'family'>;
  readonly failures: Counter<'family'>;
  readonly overflow: Counter<'label'>;
  readonly fullRecounts: Counter<'family'>;
  readonly drift: Counter<'family'>;
  readonly holdback: Gauge<'family'>;
  readonly corrections: Counter<'family'>;
  readonly roleCanWrite: Gauge;
  readonly series: Gauge;
  readonly seriesLimit: Gauge;
  readonly seriesRefused: Gauge;
  readonly missingIndex: Gauge<'relation' | 'column'>;
  readonly familyEnabled: Gauge<'family'>;

  constructor(contentType: ContentType, known: KnownLabelValues) {
    this.registry = new Registry<ContentType>();
    this.registry.setContentType(contentType);
    const r = [this.registry];
    const m = SELF_METRICS;
    this.up = new Gauge({ name: m.up.name, help: m.up.help, registers: r });
    this.lastSuccess = new Gauge({ name: m.lastSuccess.name, help: m.lastSuccess.help, registers: r });
    this.familyLastSuccess = new Gauge({
      name: m.familyLastSuccess.name,
      help: m.familyLastSuccess.help,
      labelNames: m.familyLastSuccess.labels,
      registers: r,
    });
    this.familyInterval = new Gauge({
      name: m.familyInterval.name,
      help: m.familyInterval.help,
      labelNames: m.familyInterval.labels,
      registers: r,
    });
    this.evaluationTime = new Gauge({
      name: m.evaluationTime.name,
      help: m.evaluationTime.help,
      registers: r,
    });
    this.lastDuration = new Gauge({ name: m.lastDuration.name, help: m.lastDuration.help, registers: r });
    this.duration = new Histogram({
      name: m.duration.name,
      help: m.duration.help,
      labelNames: m.duration.labels,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: r,
    });
    this.failures = new Counter({
      name: m.failures.name,
      help: m.failures.help,
      labelNames: m.failures.labels,
      registers: r,
    });
    this.overflow = new Counter({
      name: m.overflow.name,
      help: m.overflow.help,
      labelNames: m.overflow.labels,
      registers: r,
    });
    this.fullRecounts = new Counter({
      name: m.fullRecounts.name,
      help: m.fullRecounts.help,
      labelNames: m.fullRecounts.labels,
      registers: r,
    });
    this.drift = new Counter({
      name: m.drift.name,
      help: m.drift.help,
      labelNames: m.drift.labels,
      registers: r,
    });
    this.holdback = new Gauge({
      name: m.holdback.name,
      help: m.holdback.help,
      labelNames: m.holdback.labels,
      registers: r,
    });
    this.corrections = new Counter({
      name: m.corrections.name,
      help: m.corrections.help,
      labelNames: m.corrections.labels,
      registers: r,
    });
    for (const family of [...known.queries, ...known.scheduled, ...REFRESH_FAILURES])
      this.failures.inc({ family }, 0);
    for (const family of known.queries) this.fullRecounts.inc({ family }, 0);
    for (const family of known.parts) this.drift.inc({ family }, 0);
    for (const family of known.families) {
      this.holdback.set({ family }, 0);
      this.corrections.inc({ family }, 0);
    }
    for (const label of known.cappedLabels) this.overflow.inc({ label }, 0);
    this.roleCanWrite = new Gauge({ name: m.roleCanWrite.name, help: m.roleCanWrite.help, registers: r });
    this.series = new Gauge({ name: m.series.name, help: m.series.help, registers: r });
    this.seriesLimit = new Gauge({ name: m.seriesLimit.name, help: m.seriesLimit.help, registers: r });
    this.seriesRefused = new Gauge({ name: m.seriesRefused.name, help: m.seriesRefused.help, registers: r });
    this.missingIndex = new Gauge({
      name: m.missingIndex.name,
      help: m.missingIndex.help,
      labelNames: m.missingIndex.labels,
      registers: r,
    });
    this.familyEnabled = new Gauge({
      name: m.familyEnabled.name,
      help: m.familyEnabled.help,
      labelNames: m.familyEnabled.labels,
      registers: r,
    });
    const build = new Gauge({
      name: m.buildInfo.name,
      help: m.buildInfo.help,
      labelNames: m.buildInfo.labels,
      registers: r,
    });
    build.set({ version: EXPORTER_VERSION, nodejs_version: process.version }, 1);
    this.up.set(0);
    collectDefaultMetrics({ register: this.registry });
  }
}
