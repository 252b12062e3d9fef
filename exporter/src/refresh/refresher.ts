import type { Knex } from 'knex';
import { Registry } from 'prom-client';
import type { Config } from '../config';
import { FULL_CONTRACT, availableKey, missingOptionalParts, type Available } from '../db/available';
import { kpiFamilies, type Family } from '../kpi';
import { familiesAvailable, type FamilyOff } from '../kpi/availability';
import { CAPPED_LABELS } from '../kpi/model';
import { EXPERIENCE_INDEXED, EXPERIENCE_QUERIES } from '../kpi/experience';
import { SOURCES, invalidRowReasons } from '../kpi/sources';
import type { Logger } from '../log';
import { withLive, type Body, type ContentType, type Encoding } from '../metrics/exposition';
import { Publisher } from '../metrics/publisher';
import { SelfMetrics } from '../metrics/self';
import { collect, databaseMessage, type CollectOptions } from './collect';
import { ExperienceSchedule, type ExperienceCollection } from './experience';
import { checkIndexes, describeAdvice } from './index-advice';
import { Ledger } from './ledger';
import { AbandonAfter, RefreshTimeout, STOP_GRACE_MS, STOP_WAIT_MS, within } from './session';
import { refreshQueries, type RefreshQuery } from './queries';

/** The refresh queries built for what the CRM has, and the ledger of their settled counts. */
interface ContractPlan {
  key: string;
  queries: RefreshQuery[];
  ledger: Ledger;
  off: FamilyOff[];
}

export interface RefreshStatus {
  /** wall-clock time of the last refresh in which every family succeeded */
  lastSuccess?: Date;
  /** per query family (the `family` label of the failures): its last successful refresh */
  familyLastSuccess: Map<string, Date | undefined>;
  /** the evaluation time t of the published values */
  evaluatedAt?: Date;
  lastDurationSeconds?: number;
  /** why the last refresh was not fully successful */
  problems: string[];
  /** what the operator should know although the data is fresh (e.g. the series budget) */
  warnings: string[];
  /** what the database role could write (superuser, relations, default privileges); [] if nothing */
  roleWrites?: string[];
  /** indexes the incremental queries need and do not find, checked at start and on a region-tree change */
  indexAdvice: string[];
  /** the optional v2 parts the CRM lacks and the KPI families that are off for it; [] when none is */
  contractNotes: string[];
}

/**
 * Refreshes the KPI values in the background: one refresh at a time, the next one scheduled only when
 * the previous one has finished, so a slow database is never hit by overlapping refreshes. A scrape
 * never touches the database.
 */
export class Refresher {
  readonly publisher: Publisher;
  private readonly self: Record<ContentType, SelfMetrics>;
  private readonly families: Family[];
  private plan: ContractPlan;
  /** whether a refresh has read what the CRM has yet */
  private contractChecked = false;
  private inFlight: Promise<void> | undefined;
  private readonly guard: AbandonAfter;
  private readonly experience: ExperienceSchedule;
  /** why the last outage-experience reading failed; [] when it succeeded */
  private experienceProblems: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /**
   * Settles when a refresh has first published: the experience schedule waits for it, since only the
   * refresh ranks the values of capped labels (an earlier reading would fold every segment into other)
   */
  private readonly firstPublished: Promise<void>;
  private published: () => void = () => undefined;
  private lastProblemText = '';
  private consecutiveFailures = 0;
  readonly status: RefreshStatus;

  constructor(
    private readonly db: Knex,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly options: CollectOptions = {},
  ) {
    this.families = kpiFamilies(config);
    this.guard = new AbandonAfter(db, config.refresh_timeout, 'refresh');
    // until the first refresh has read the catalogue, the plan is that of the full contract
    this.plan = this.planFor(FULL_CONTRACT);
    this.publisher = new Publisher(config, this.families);
    const queries = this.plan.queries;
    const scheduled = Object.values(EXPERIENCE_QUERIES);
    const known = {
      queries: queries.map((q) => q.name),
      scheduled,
      parts: queries.flatMap((q) => q.parts.map((part) => part.name)),
      families: this.families.map((f) => f.name),
      cappedLabels: CAPPED_LABELS,
    };
    this.self = {
      [Registry.PROMETHEUS_CONTENT_TYPE]: new SelfMetrics(Registry.PROMETHEUS_CONTENT_TYPE, known),
      [Registry.OPENMETRICS_CONTENT_TYPE]: new SelfMetrics(Registry.OPENMETRICS_CONTENT_TYPE, known),
    } as Record<ContentType, SelfMetrics>;
    const families = [...queries.map((q) => q.name), ...scheduled];
    this.status = {
      problems: [],
      warnings: [],
      familyLastSuccess: new Map(families.map((f) => [f, undefined])),
      indexAdvice: [],
      contractNotes: [],
    };
    for (const family of families) this.eachSelf((s) => s.familyLastSuccess.set({ family }, 0));
    this.eachSelf((s) => {
      for (const family of families) s.familyInterval.set({ family }, this.intervalOf(family));
    });
    this.firstPublished = new Promise((resolve) => (this.published = resolve));
    this.experience = new ExperienceSchedule(db, config, options, (outcome) => this.applyExperience(outcome));
  }

  /** Whether the CRM has what the outage-experience families read: their schedule has work. */
  private experienceOn(): boolean {
    const off = new Set(this.plan.off.map((o) => o.family));
    return this.families.some((f) => SOURCES[f.source].schedule && !off.has(f.name));
  }

  /** How often a query family is read: the experience queries on their own schedule. */
  private intervalOf(family: string): number {
    const scheduled: readonly string[] = Object.values(EXPERIENCE_QUERIES);
    return scheduled.includes(family) ? this.config.experience_interval : this.config.refresh_interval;
  }

  /** The queries of the families the CRM has the relations and columns for, with a fresh ledger. */
  private planFor(available: Available): ContractPlan {
    const { enabled, off } = familiesAvailable(this.families, available);
    const queries = refreshQueries(enabled, available);
    return { key: availableKey(available), queries, ledger: new Ledger(queries, this.config), off };
  }

  /**
   * Called by each refresh once it has read what the CRM has: a change (a view gained or lost an
   * optional column) rebuilds the queries and starts the counts over; the note says which v2
   * families are off and why, once in the log.
   */
  private queriesFor(available: Available): RefreshQuery[] {
    const key = availableKey(available);
    if (key === this.plan.key && this.contractChecked) return this.plan.queries;
    if (key !== this.plan.key) this.plan = this.planFor(available);
    this.contractChecked = true;
    const { off, queries } = this.plan;
    const offNames = new Set(off.map((o) => o.family));
    this.publisher.setContract(
      this.families.filter((f) => !offNames.has(f.name)),
      invalidRowReasons(available),
    );
    this.eachSelf((s) => {
      for (const family of this.families)
        s.familyEnabled.set({ family: family.name }, offNames.has(family.name) ? 0 : 1);
    });
    const names = new Set([
      ...queries.map((q) => q.name),
      ...(this.experienceOn() ? Object.values(EXPERIENCE_QUERIES) : []),
    ]);
    for (const name of [...this.status.familyLastSuccess.keys()])
      if (!names.has(name)) this.status.familyLastSuccess.delete(name);
    for (const name of names)
      if (!this.status.familyLastSuccess.has(name)) this.status.familyLastSuccess.set(name, undefined);
    const missing = missingOptionalParts(available);
    this.status.contractNotes = [
      ...(missing.length ? [`optional v2 parts this CRM does not have: ${missing.join(', ')}`] : []),
      ...off.map((o) => `family ${o.family} is off: it needs ${o.missing.join(', ')}`),
    ];
    if (this.status.contractNotes.length)
      this.log.info(
        { notes: this.status.contractNotes },
        'v2 families off: the CRM lacks optional relations or columns',
      );
    return queries;
  }

  /** Starts the background loop with an immediate first refresh. */
  start(): void {
    this.stopped = false;
    void this.loop();
    void this.firstPublished.then(() => {
      if (!this.stopped) this.experience.start();
    });
  }

  /**
   * Stops the loop. A refresh still running after STOP_GRACE_MS (e.g. waiting on a lock) has its
   * session terminated, so a stop takes seconds, not statement_timeout: at most 8 s.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const stopping = this.experience.stop();
    const running = this.inFlight;
    if (running && !(await within(running, STOP_GRACE_MS)).settled) {
      await this.guard.terminate();
      await within(running, STOP_WAIT_MS);
    }
    await stopping;
  }

  /** Reads the outage-experience gauges now (their schedule does so every experience_interval). */
  refreshExperience(): Promise<void> {
    return this.experience.run();
  }

  /** Runs one refresh now, or joins the one already running. */
  refresh(): Promise<void> {
    this.inFlight ??= this.runOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Why /readyz says no: the failing families, or the age of the data. */
  readinessProblems(now = Date.now()): string[] {
    const { lastSuccess } = this.status;
    const problems = [...this.status.problems, ...this.experienceProblems];
    if (this.isFresh(lastSuccess, now)) return problems;
    if (!lastSuccess) return problems.length ? problems : ['no refresh has completed yet'];
    const stale = `data is stale: the last complete refresh was at ${lastSuccess.toISOString()}`;
    return [stale, ...problems];
  }

  /**
   * Each query family's freshness, so one failing relation does not hide the families whose data is
   * current: stale ones with their last success (undefined: none yet).
   */
  familyFreshness(now = Date.now()): { fresh: string[]; stale: [string, Date | undefined][] } {
    const families = [...this.status.familyLastSuccess];
    return {
      fresh: families.filter(([f, last]) => this.isFresh(last, now, f)).map(([family]) => family),
      stale: families.filter(([f, last]) => !this.isFresh(last, now, f)),
    };
  }

  /** Data is fresh while its last success is younger than three of its family's intervals. */
  private isFresh(lastSuccess: Date | undefined, now = Date.now(), family?: string): boolean {
    const last = lastSuccess?.getTime();
    const interval = family ? this.intervalOf(family) : this.config.refresh_interval;
    return last !== undefined && now - last <= 3 * interval * 1000;
  }

  /** The full exposition: the KPI part prepared at refresh time, then the live self-metrics. */
  async exposition(contentType: ContentType, encoding: Encoding = 'identity'): Promise<Body> {
    const [kpi, self] = await Promise.all([
      this.publisher.exposition(contentType),
      this.self[contentType].registry.metrics(),
    ]);
    return withLive(kpi, self, encoding);
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.refresh();
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.nextDelaySeconds() * 1000);
  }

  /** The refresh interval; while the database stays unreachable, doubling up to five minutes. */
  nextDelaySeconds(): number {
    const interval = this.config.refresh_interval;
    if (this.consecutiveFailures === 0) return interval;
    return Math.min(interval * 2 ** (this.consecutiveFailures - 1), Math.max(interval, 300));
  }

  private collectWithTimeout() {
    return this.guard.run((onSession) =>
      collect(this.db, this.config, (available) => this.queriesFor(available), {
        ...this.options,
        windows: (t, regions) => this.plan.ledger.windows(t, regions),
        onSession,
      }),
    );
  }

  private eachSelf(update: (self: SelfMetrics) => void): void {
    for (const self of Object.values(this.self)) update(self);
  }

  private async runOnce(): Promise<void> {
    const started = process.hrtime.bigint();
    const problems: string[] = [];
    // the instant the families of this refresh succeeded: the refresh's too, when all of them did
    let succeeded = new Date();
    let reachedDatabase = true;
    try {
      const collection = await this.collectWithTimeout();
      const { values, recounted, drift, startedOver } = this.plan.ledger.fold(collection);
      if (startedOver) await this.adviseIndexes();
      const { folded, corrections } = this.publisher.apply(values);
      this.published();
      for (const [label, values] of Object.entries(folded)) {
        if (values.length) this.eachSelf((s) => s.overflow.inc({ label }, values.length));
      }
      for (const [family, series] of corrections) this.eachSelf((s) => s.corrections.inc({ family }, series));
      for (const [family, held] of this.publisher.holdback)
        this.eachSelf((s) => s.holdback.set({ family }, held));
      for (const [family, seconds] of collection.durations) {
        this.eachSelf((s) => s.duration.observe({ family }, seconds));
      }
      for (const family of recounted) this.eachSelf((s) => s.fullRecounts.inc({ family }));
      for (const [family, series] of drift) {
        this.eachSelf((s) => s.drift.inc({ family }, series));
        if (series)
          this.log.warn(
            { family, series },
            'a full recount corrected series the incremental refresh had wrong: rows were edited or filed later than settle_window after their timestamps',
          );
      }
      succeeded = new Date();
      for (const [family, reading] of collection.readings) {
        if (!(reading instanceof Error)) {
          this.status.familyLastSuccess.set(family, succeeded);
          this.eachSelf((s) => s.familyLastSuccess.set({ family }, succeeded.getTime() / 1000));
          continue;
        }
        problems.push(`query family ${family} failed: ${reading.message}`);
        this.eachSelf((s) => s.failures.inc({ family }));
      }
      this.checkRole(collection.roleWrites);
      this.checkSeriesBudget();
      this.status.evaluatedAt = collection.t;
      this.eachSelf((s) => s.evaluationTime.set(collection.t.getTime() / 1000));
    } catch (error) {
      const timedOut = error instanceof RefreshTimeout;
      problems.push(timedOut ? error.message : `refresh failed: ${databaseMessage(error)}`);
      this.eachSelf((s) => s.failures.inc({ family: timedOut ? 'timeout' : 'connection' }));
      reachedDatabase = false;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.status.lastDurationSeconds = seconds;
    this.status.problems = problems;
    this.eachSelf((s) => {
      s.lastDuration.set(seconds);
    });
    this.setUp();
    this.consecutiveFailures = reachedDatabase ? 0 : this.consecutiveFailures + 1;
    if (!problems.length) {
      this.status.lastSuccess = succeeded;
      this.eachSelf((s) => s.lastSuccess.set(succeeded.getTime() / 1000));
    }
    this.report(problems, seconds);
  }

  /** Publishes what the experience schedule read, and says how it went in the self-metrics. */
  private applyExperience(outcome: ExperienceCollection | undefined | Error): void {
    if (outcome === undefined) return this.reportExperience([]); // no outage_customers: the families are off
    if (outcome instanceof Error) {
      const timedOut = outcome instanceof RefreshTimeout;
      this.eachSelf((s) => s.failures.inc({ family: timedOut ? 'timeout' : 'connection' }));
      return this.reportExperience([
        timedOut ? outcome.message : `outage-experience refresh failed: ${databaseMessage(outcome)}`,
      ]);
    }
    this.publisher.apply(outcome.values);
    const succeeded = new Date();
    for (const [family, seconds] of outcome.durations) {
      this.eachSelf((s) => s.duration.observe({ family }, seconds));
      const error = outcome.failed.get(family);
      if (error) {
        this.eachSelf((s) => s.failures.inc({ family }));
        continue;
      }
      this.status.familyLastSuccess.set(family, succeeded);
      this.eachSelf((s) => s.familyLastSuccess.set({ family }, succeeded.getTime() / 1000));
    }
    this.reportExperience(
      [...outcome.failed].map(([family, error]) => `query family ${family} failed: ${error.message}`),
    );
    this.checkSeriesBudget();
  }

  /** crm_exporter_up: every query family of the last refresh and of the last experience reading succeeded. */
  private setUp(): void {
    // before the first refresh there is nothing to be up about
    if (this.status.lastDurationSeconds === undefined) return;
    const up = this.status.problems.length || this.experienceProblems.length ? 0 : 1;
    this.eachSelf((s) => s.up.set(up));
  }

  /** Keeps the experience schedule's problems for /readyz; logs them when they start, change or end. */
  private reportExperience(problems: string[]): void {
    const before = this.experienceProblems.join('; ');
    this.experienceProblems = problems;
    this.setUp();
    if (problems.length && problems.join('; ') !== before)
      this.log.error({ problems }, 'outage-experience refresh incomplete; keeping last good values');
    else if (!problems.length && before) this.log.info('outage-experience refresh recovered');
  }

  /** Names each index the incremental queries miss: on the landing page, in the metrics, once in the log. */
  private async adviseIndexes(): Promise<void> {
    const schema = this.config.schema;
    try {
      const advice = await checkIndexes(this.db, schema, [
        ...this.plan.queries.flatMap((q) => q.filteredColumns),
        ...(this.experienceOn() ? EXPERIENCE_INDEXED : []),
      ]);
      const lines = describeAdvice(advice, schema);
      this.eachSelf((s) => {
        s.missingIndex.reset();
        for (const { relation, column } of advice.missing) s.missingIndex.set({ relation, column }, 1);
      });
      if (lines.length && lines.join() !== this.status.indexAdvice.join())
        this.log.warn({ advice: lines }, 'incremental refreshes lack indexes; see the landing page');
      this.status.indexAdvice = lines;
    } catch (error) {
      this.log.debug({ err: error }, 'could not read the index catalogue');
    }
  }

  private refusedBefore = 0;

  /** A label space beyond max_series is refused rather than flooding Prometheus: say so, once. */
  private checkSeriesBudget(): void {
    const refused = this.publisher.refusedCombinations;
    this.status.warnings = refused
      ? [
          `series budget max_series=${this.config.max_series} reached: ${refused} new label combinations not published; ` +
            'raise max_series, roll regions up further (region_level) or cap segment/channel/queue lower (labels)',
        ]
      : [];
    this.eachSelf((s) => {
      s.series.set(this.publisher.seriesCount);
      s.seriesLimit.set(this.config.max_series);
      s.seriesRefused.set(refused);
    });
    if (refused && !this.refusedBefore)
      this.log.error({ refused, max_series: this.config.max_series }, this.status.warnings[0]);
    this.refusedBefore = refused;
  }

  /** The exporter never writes, but a role that could is one mistake away: say so loudly, once. */
  private checkRole(writes: string[] | undefined): void {
    if (writes === undefined) return;
    this.eachSelf((s) => s.roleCanWrite.set(writes.length ? 1 : 0));
    if (writes.length && writes.join() !== this.status.roleWrites?.join()) {
      this.log.warn(
        { writes },
        'the database role can write to the CRM; the exporter only reads, so give it a role with SELECT only (see the README, "Pointing it at the CRM")',
      );
    }
    this.status.roleWrites = writes;
  }

  /** Logs a problem when it starts, changes or ends, not on every refresh: no log flood. */
  private report(problems: string[], seconds: number): void {
    const text = problems.join('; ');
    if (text && text !== this.lastProblemText)
      this.log.error({ problems }, 'refresh incomplete; keeping last good values');
    else if (!text && this.lastProblemText) this.log.info('refresh recovered');
    else this.log.debug({ seconds, series: this.publisher.seriesCount }, 'refresh done');
    this.lastProblemText = text;
  }
}
