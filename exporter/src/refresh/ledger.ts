import type { Config } from '../config';
import { labelKey } from '../kpi/model';
import { addInto, type QueryPart, type Tally, type Tallied } from '../kpi/plan';
import type { RegionTree } from '../kpi/regions';
import type { MeasureTerms } from '../kpi/terms';
import type { FamilyRow, KpiValues } from '../kpi/values';
import type { Collection, Reading } from './collect';
import type { RefreshQuery, Window } from './queries';

export type { FamilyRow, KpiValues } from '../kpi/values';

export interface Folded {
  values: KpiValues;
  /** the queries that recounted in full */
  recounted: string[];
  /** per query checked by a scheduled full recount: series it found different from the incremental count */
  drift: Map<string, number>;
  /** the ledger started over: the first refresh, or the region tree changed */
  startedOver: boolean;
}

interface Settled {
  labels: Record<string, string>;
  tally: Tally;
}

/** What one query has settled: per part and label combination, its tallies up to the watermark. */
interface Account {
  watermark: Date;
  lastFull: Date;
  parts: Map<string, Map<string, Settled>>;
}

const copy = (tally: Tally): Tally => ({ rows: tally.rows, terms: [...tally.terms] });

/**
 * Keeps the settled part of every count, so a refresh reads only the rows whose moments lie after
 * the watermark: value = settled + live. The watermark trails t by settle_window; a row written
 * within that window of its timestamps is counted exactly. Every full_recount_interval one query
 * (the one recounted longest ago) is recounted in full instead, up to its unchanged watermark, and
 * any series whose settled part differs is reported as drift and corrected.
 */
export class Ledger {
  private readonly accounts = new Map<string, Account>();
  private regionsKey: string | undefined;
  private startingOver = false;
  private readonly checking = new Set<string>();
  private readonly partsOf: Map<string, QueryPart[]>;

  constructor(
    queries: Pick<RefreshQuery, 'name' | 'parts'>[],
    private readonly config: Pick<Config, 'settle_window' | 'full_recount_interval'>,
  ) {
    this.partsOf = new Map(queries.map((q) => [q.name, q.parts]));
  }

  /** The window each query of a refresh at t reads. */
  windows(t: Date, regions: RegionTree): (name: string) => Window {
    const regionsKey = JSON.stringify([...regions.labelOf].sort());
    // rows settled under another region map are labelled wrongly now: start over
    this.startingOver = regionsKey !== this.regionsKey;
    if (this.startingOver) this.accounts.clear();
    this.regionsKey = regionsKey;
    this.checking.clear();
    const settleAt = new Date(t.getTime() - this.config.settle_window * 1000);
    const recount = this.dueForRecount(t);
    return (name) => {
      const account = this.accounts.get(name);
      if (!account || t <= account.watermark || this.config.full_recount_interval === 0)
        return { mode: 'full', from: null, until: settleAt };
      if (name === recount) {
        this.checking.add(name);
        return { mode: 'full', from: null, until: account.watermark };
      }
      const until = settleAt > account.watermark ? settleAt : account.watermark;
      return { mode: 'incremental', from: account.watermark, until };
    };
  }

  /** The query recounted longest ago, if that is at least full_recount_interval ago: one per refresh. */
  private dueForRecount(t: Date): string | undefined {
    let due: [string, Account] | undefined;
    for (const entry of this.accounts) {
      const age = t.getTime() - entry[1].lastFull.getTime();
      if (age >= this.config.full_recount_interval * 1000 && (!due || entry[1].lastFull < due[1].lastFull))
        due = entry;
    }
    return due?.[0];
  }

  /** Adds what a refresh read to what was settled, and derives the values to publish. */
  fold(collection: Collection): Folded {
    const values: KpiValues = {
      regions: collection.regions,
      families: new Map(),
      invalid: new Map([['regions', collection.regions.invalid]]),
    };
    const recounted: string[] = [];
    const drift = new Map<string, number>();
    for (const [query, reading] of collection.readings) {
      let account: Account | undefined;
      if (!(reading instanceof Error)) {
        if (reading.window.mode === 'full') recounted.push(query);
        const before = this.accounts.get(query);
        account = this.settle(query, reading, collection.t);
        if (before && this.checking.has(query)) {
          for (const part of this.partsOf.get(query) ?? [])
            drift.set(
              part.name,
              differences(part, before.parts.get(part.name), account.parts.get(part.name)),
            );
        }
      }
      for (const part of this.partsOf.get(query) ?? []) {
        const totals =
          reading instanceof Error
            ? reading
            : withLive(account?.parts.get(part.name), reading.parts.get(part.name) ?? []);
        if (part.kind === 'invalid_rows')
          values.invalid.set(part.relation, totals instanceof Error ? totals : reasonCounts(totals));
        else
          values.families.set(
            part.name,
            totals instanceof Error ? totals : familyRows(totals, part.measures),
          );
      }
    }
    return { values, recounted, drift, startedOver: this.startingOver };
  }

  private settle(query: string, reading: Reading, t: Date): Account {
    const previous = this.accounts.get(query);
    const account: Account =
      reading.window.mode === 'full' || !previous
        ? { watermark: reading.window.until, lastFull: t, parts: new Map() }
        : { ...previous, watermark: reading.window.until };
    for (const [part, rows] of reading.parts) {
      const settled = account.parts.get(part) ?? new Map<string, Settled>();
      for (const row of rows) {
        const key = labelKey(row.labels);
        const known = settled.get(key);
        if (known) addInto(known.tally, row.settled);
        else settled.set(key, { labels: row.labels, tally: copy(row.settled) });
      }
      account.parts.set(part, settled);
    }
    this.accounts.set(query, account);
    return account;
  }
}

/** The series of a part: a family's measures; an invalid-row check's count. */
function series(part: QueryPart, tally: Tally = { rows: 0n, terms: [] }): bigint[] {
  return part.kind === 'family' ? part.measures.map((m) => combine(tally, m)) : [tally.rows];
}

/** Series whose settled value differs between two countings of the same part. */
function differences(
  part: QueryPart,
  before: Map<string, Settled> = new Map(),
  after: Map<string, Settled> = new Map(),
): number {
  let differing = 0;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = series(part, before.get(key)?.tally);
    const now = series(part, after.get(key)?.tally);
    differing += old.filter((value, i) => value !== now[i]).length;
  }
  return differing;
}

/** Settled plus live, per label combination. */
function withLive(settled: Map<string, Settled> = new Map(), rows: Tallied[]): Settled[] {
  const live = new Map(rows.map((row) => [labelKey(row.labels), row.live]));
  return [...settled].map(([key, { labels, tally }]) => {
    const now = live.get(key);
    if (!now) return { labels, tally };
    const sum = copy(tally);
    addInto(sum, now);
    return { labels, tally: sum };
  });
}

function combine(tally: Tally, measure: MeasureTerms): bigint {
  const term = (i: number) => tally.terms[i] ?? 0n;
  let total = 0n;
  for (const i of measure.add) total += term(i);
  for (const i of measure.subtract) total -= term(i);
  return total;
}

function familyRows(totals: Settled[], measures: MeasureTerms[]): FamilyRow[] {
  return totals
    .filter(({ tally }) => tally.rows > 0n)
    .map(({ labels, tally }) => ({
      labels,
      rows: Number(tally.rows),
      values: measures.map((m) => Number(combine(tally, m)) / m.scale),
    }));
}

function reasonCounts(totals: Settled[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { labels, tally } of totals) {
    if (tally.rows > 0n) counts.set(labels.reason as string, Number(tally.rows));
  }
  return counts;
}
