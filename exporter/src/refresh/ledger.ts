import type { Config } from '../config';
import type { Family } from '../kpi';
import { labelKey } from '../kpi/model';
import type { RegionTree } from '../kpi/regions';
import { familyTerms, type MeasureTerms } from '../kpi/terms';
import type { Collection, Reading, Window } from './collect';
import type { RefreshQuery, TermRow } from './queries';

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

/** What one query has settled: per part and label combination, its columns up to the watermark. */
interface Account {
  watermark: Date;
  lastFull: Date;
  parts: Map<string, Map<string, Settled>>;
}

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
  private readonly partsOf: Map<string, string[]>;

  constructor(
    families: Family[],
    queries: RefreshQuery[],
    private readonly config: Pick<Config, 'settle_window' | 'full_recount_interval'>,
  ) {
    for (const family of families) this.measures.set(family.name, familyTerms(family).measures);
    this.partsOf = new Map(queries.map((q) => [q.name, q.parts]));
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
    for (const [query, reading] of collection.readings) {
      let account: Account | undefined;
      if (!(reading instanceof Error)) {
        if (reading.window.mode === 'full') recounted.push(query);
        const before = this.accounts.get(query);
        account = this.settle(query, reading, collection.t);
        if (before && this.checking.has(query)) {
          for (const part of this.partsOf.get(query) ?? [])
            drift.set(part, this.differences(part, before.parts.get(part), account.parts.get(part)));
        }
      }
      for (const part of this.partsOf.get(query) ?? []) {
        const totals =
          reading instanceof Error
            ? reading
            : withLive(account?.parts.get(part), reading.parts.get(part) ?? []);
        if (part.startsWith(INVALID_PREFIX)) {
          const relation = part.slice(INVALID_PREFIX.length);
          values.invalid.set(relation, totals instanceof Error ? totals : reasonCounts(totals));
        } else {
          const measures = this.measures.get(part) as MeasureTerms[];
          values.families.set(part, totals instanceof Error ? totals : familyRows(totals, measures));
        }
      }
    }
    return { values, recounted, drift };
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
        if (known) known.sums = known.sums.map((sum, i) => sum + (row.settled[i] as bigint));
        else settled.set(key, { labels: row.labels, sums: [...row.settled] });
      }
      account.parts.set(part, settled);
    }
    this.accounts.set(query, account);
    return account;
  }

  /** Series whose settled value differs between two countings of the same part. */
  private differences(
    part: string,
    before: Map<string, Settled> = new Map(),
    after: Map<string, Settled> = new Map(),
  ): number {
    const measures = this.measures.get(part);
    // a family's series are its measures; an invalid-row count is its one column
    const series = (sums: bigint[]) => (measures ? measures.map((m) => combine(sums, m)) : [sums[0] ?? 0n]);
    let differing = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const old = series(before.get(key)?.sums ?? []);
      const now = series(after.get(key)?.sums ?? []);
      differing += old.filter((value, i) => value !== now[i]).length;
    }
    return differing;
  }
}

/** Settled plus live, per label combination. */
function withLive(settled: Map<string, Settled> = new Map(), rows: TermRow[]): Settled[] {
  const live = new Map(rows.map((row) => [labelKey(row.labels), row.live]));
  return [...settled].map(([key, { labels, sums }]) => {
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
