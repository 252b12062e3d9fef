/**
 * The outage-experience schedule: its own read-only transaction every experience_interval, beside the
 * regular refresh (its own connection of the pool), never inside it, so a refresh is neither delayed
 * nor made to wait by it. Same discipline as the refresh: statement_timeout, refresh_timeout with
 * the session terminated, one at a time.
 */
import type { Knex } from 'knex';
import type { Config } from '../config';
import { missingOptional } from '../db/available';
import {
  EXPERIENCE_QUERIES,
  decodeExperience,
  decodeInvalid,
  experienceInvalidQuery,
  experienceQuery,
} from '../kpi/experience';
import { plausibleUntil } from '../kpi/sources';
import type { KpiValues } from '../kpi/values';
import { guardedQuery, startSnapshot, type CollectOptions } from './collect';
import { AbandonAfter, STOP_GRACE_MS, STOP_WAIT_MS, within } from './session';

/** What one run read: the values to publish, and per query its time and error if it failed. */
export interface ExperienceCollection {
  values: KpiValues;
  durations: Map<string, number>;
  failed: Map<string, Error>;
}

/** Reads the experience gauges at t; undefined when the CRM has no outage_customers (the family is off). */
export function collectExperience(
  db: Knex,
  config: Config,
  options: Pick<CollectOptions, 'evaluateAt' | 'onSession'>,
): Promise<ExperienceCollection | undefined> {
  return db.transaction(
    async (trx) => {
      const { t, regions, available } = await startSnapshot(trx, config, options);
      if (missingOptional(available, 'outage_customers')) return undefined;
      const durations = new Map<string, number>();
      const bindings = [t, plausibleUntil(t), [...regions.labelOf.keys()], [...regions.labelOf.values()]];
      const { families: name, invalid: invalidName } = EXPERIENCE_QUERIES;
      const families = await guardedQuery(
        trx,
        durations,
        name,
        experienceQuery(config, config.schema, available),
        bindings,
        decodeExperience,
      );
      const invalid = await guardedQuery(
        trx,
        durations,
        invalidName,
        experienceInvalidQuery(config.schema, available),
        [],
        decodeInvalid,
      );
      const failed = new Map<string, Error>();
      if (families instanceof Error) failed.set(name, families);
      if (invalid instanceof Error) failed.set(invalidName, invalid);
      const values: KpiValues = {
        regions,
        families: families instanceof Error ? new Map() : families,
        invalid: new Map([['outage_customers', invalid]]),
      };
      return { values, durations, failed };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

/**
 * Runs the experience reading now and then every experience_interval after the end of the last
 * one; `apply` publishes what it read (or learns why it failed).
 */
export class ExperienceSchedule {
  private readonly guard: AbandonAfter;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly db: Knex,
    private readonly config: Config,
    private readonly options: Pick<CollectOptions, 'evaluateAt'>,
    private readonly apply: (outcome: ExperienceCollection | undefined | Error) => void,
  ) {
    this.guard = new AbandonAfter(db, config.refresh_timeout, 'outage-experience refresh');
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const running = this.inFlight;
    if (!running || (await within(running, STOP_GRACE_MS)).settled) return;
    await this.guard.terminate();
    await within(running, STOP_WAIT_MS);
  }

  /** Reads the experience gauges now, or joins the reading already running. */
  run(): Promise<void> {
    this.inFlight ??= this.guard
      .run((onSession) => collectExperience(this.db, this.config, { ...this.options, onSession }))
      .then(this.apply, (error: unknown) =>
        this.apply(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.run();
    if (!this.stopped)
      this.timer = setTimeout(() => void this.loop(), this.config.experience_interval * 1000);
  }
}
