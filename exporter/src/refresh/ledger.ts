import type { Config } from '../config';
import type { Family } from '../kpi';
import type { RegionTree } from '../kpi/regions';
import { familyTerms, type MeasureTerms } from '../kpi/terms';
import type { Collection, TermRow, Window } from './collect';

export interface FamilyRow {
  labels: Record<string, string>;
  /** rows of the family with these labels, whatever t is */
  rows: number;
  values: number[];
}

/** The KPI values of one refresh, as the publisher takes them. */
export interface KpiValues {
  regions: RegionTree;
  /** per family: its rows, or the error that stopped its query */
  families: Map<string, FamilyRow[] | Error>;
  /** per relation: invalid rows by reason, or the error */
  invalid: Map<string, Map<string, number> | Error>;
}

export interface Folded {
  values: KpiValues;
  /** the queries that recounted in full */
  recounted: string[];
  /** per query checked by a scheduled full recount: series it found different from the incremental count */
  drift: Map<string, number>;
}

interface Settled {
  labels: Record<string, string>;
  sums: bigint[];
}

/** What one query has settled: per label combination, its terms up to the watermark. */
interface Account {
  watermark: Date;
  lastFull: Date;
  settled: Map<string, Settled>;
}

const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels));
const INVALID_PREFIX = 'invalid_';

/**
 * Keeps the settled part of every count, so a refresh reads only the rows whose moments lie after
 * the watermark: value = settled + live. The watermark trails t by settle_window; a row written
 * within that window of its timestamps is counted exactly. Every full_recount_interval one query
 * (the one recounted longest ago) is recounted in full instead, up to its unchanged watermark, and
 * any series whose settled part differs is reported as drift and corrected.
 */
export class Ledger {
  private readonly accounts = new Map<string, Account>();
  private readonly measures = new Map<string, MeasureTerms[]>();
  private regionsKey: string | undefined;
  private readonly checking = new Set<string>();

  constructor(
    families: Family[],
    private readonly config: Pick<Config, 'settle_window' | 'full_recount_interval'>,
  ) {
    for (const family of families) this.measures.set(family.name, familyTerms(family).measures);
  }

  /** The window each query of a refresh at t reads. */
  windows(t: Date, regions: RegionTree): (name: string) => Window {
    const regionsKey = JSON.stringify([...regions.labelOf].sort());
    // rows settled under another region map are labelled wrongly now: start over
    if (regionsKey !== this.regionsKey) this.accounts.clear();
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
    for (const [name, reading] of collection.readings) {
      let totals: Settled[] | Error;
      if (reading instanceof Error) totals = reading;
      else {
        if (reading.window.mode === 'full') recounted.push(name);
        const before = this.accounts.get(name);
        const account = this.settle(name, reading.window, reading.rows, collection.t);
        if (before && this.checking.has(name)) drift.set(name, this.differences(name, before, account));
        totals = withLive(account, reading.rows);
      }
      if (name.startsWith(INVALID_PREFIX)) {
        const relation = name.slice(INVALID_PREFIX.length);
        values.invalid.set(relation, totals instanceof Error ? totals : reasonCounts(totals));
      } else {
        const measures = this.measures.get(name) as MeasureTerms[];
        values.families.set(name, totals instanceof Error ? totals : familyRows(totals, measures));
      }
    }
    return { values, recounted, drift };
  }

  private settle(name: string, window: Window, rows: TermRow[], t: Date): Account {
    const previous = this.accounts.get(name);
    const account: Account =
      window.mode === 'full' || !previous
        ? { watermark: window.until, lastFull: t, settled: new Map() }
        : { ...previous, watermark: window.until };
    for (const row of rows) {
      const key = keyOf(row.labels);
      const known = account.settled.get(key);
      if (known) known.sums = known.sums.map((sum, i) => sum + (row.settled[i] as bigint));
      else account.settled.set(key, { labels: row.labels, sums: [...row.settled] });
    }
    this.accounts.set(name, account);
    return account;
  }

  /** Series whose settled value differs between two accounts of the same query. */
  private differences(name: string, before: Account, after: Account): number {
    const measures = this.measures.get(name);
    // a family's series are its measures; an invalid-row count is its one column
    const series = (sums: bigint[]) => (measures ? measures.map((m) => combine(sums, m)) : [sums[0] ?? 0n]);
    let differing = 0;
    for (const key of new Set([...before.settled.keys(), ...after.settled.keys()])) {
      const old = series(before.settled.get(key)?.sums ?? []);
      const now = series(after.settled.get(key)?.sums ?? []);
      differing += old.filter((value, i) => value !== now[i]).length;
    }
    return differing;
  }
}

/** Settled plus live, per label combination. */
function withLive(account: Account, rows: TermRow[]): Settled[] {
  const live = new Map(rows.map((row) => [keyOf(row.labels), row.live]));
  return [...account.settled].map(([key, { labels, sums }]) => {
    const now = live.get(key);
    return { labels, sums: now ? sums.map((sum, i) => sum + (now[i] as bigint)) : sums };
  });
}

function combine(sums: bigint[], measure: MeasureTerms): bigint {
  // column 0 is membership; term i is column i + 1
  const at = (i: number) => sums[i + 1] ?? 0n;
  let total = 0n;
  for (const i of measure.add) total += at(i);
  for (const i of measure.subtract) total -= at(i);
  return total;
}

function familyRows(totals: Settled[], measures: MeasureTerms[]): FamilyRow[] {
  return totals
    .filter(({ sums }) => (sums[0] ?? 0n) > 0n)
    .map(({ labels, sums }) => ({
      labels,
      rows: Number(sums[0]),
      values: measures.map((m) => Number(combine(sums, m)) / m.scale),
    }));
}

function reasonCounts(totals: Settled[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { labels, sums } of totals) {
    const n = sums[0] ?? 0n;
    if (n > 0n) counts.set(labels.reason as string, Number(n));
  }
  return counts;
}
