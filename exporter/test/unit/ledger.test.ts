import { sourcePlan, type FamilyPart, type Tallied } from '../../src/kpi/plan';
import type { RegionTree } from '../../src/kpi/regions';
import type { Collection, Reading } from '../../src/refresh/collect';
import { Ledger } from '../../src/refresh/ledger';
import type { Window } from '../../src/refresh/queries';
import { OUTAGES_FIXTURE } from './fixtures/families';

/**
 * The ledger without a database: readings are made by hand as a query would return them, and what it
 * publishes is checked against sums worked out here. Family terms: [started, ended, µs of work];
 * measures: started_total = started, active = started − ended, seconds_total = µs / 1e6.
 */
const plan = sourcePlan('outages', [OUTAGES_FIXTURE]);
const part = plan.parts[0] as FamilyPart;
const invalid = { kind: 'invalid_rows', name: 'invalid_outages', relation: 'outages' } as const;
const queries = [
  { name: 'outages', parts: [part] },
  { name: 'invalid_outages', parts: [invalid] },
];
const HOUR = 3600;
const config = { settle_window: HOUR, full_recount_interval: 24 * HOUR };

const regions = (labelOf: [string, string][]): RegionTree => ({
  labelOf: new Map(labelOf),
  info: [],
  invalid: new Map(),
});
const COUNTY = regions([['ah.wuhu.nanling', 'ah.wuhu.nanling']]);
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR * 1000);
const labels = { region: 'ah.wuhu.nanling', kind: 'fault' };

/** A reading of the family: settled and live as [rows, started, ended, µs]. */
const family = (settled: number[], live: number[] = [0, 0, 0, 0]): Tallied => {
  const tally = ([rows, ...terms]: number[]) => ({ rows: BigInt(rows ?? 0), terms: terms.map(BigInt) });
  return { labels, settled: tally(settled), live: tally(live) };
};
const reasons = (settled: number, live = 0): Tallied => ({
  labels: { reason: 'null_start_at' },
  settled: { rows: BigInt(settled), terms: [] },
  live: { rows: BigInt(live), terms: [] },
});

function refresh(ledger: Ledger, t: Date, read: { outages: Tallied[]; invalid?: Tallied[] }, tree = COUNTY) {
  const windowOf = ledger.windows(t, tree);
  const windows = { outages: windowOf('outages'), invalid_outages: windowOf('invalid_outages') };
  const collection: Collection = {
    t,
    regions: tree,
    readings: new Map([
      ['outages', { window: windows.outages, parts: new Map([[part.name, read.outages]]) }],
      [
        'invalid_outages',
        { window: windows.invalid_outages, parts: new Map([[invalid.name, read.invalid ?? []]]) },
      ],
    ]),
    durations: new Map(),
  };
  return { windows, ...ledger.fold(collection) };
}

const published = (folded: ReturnType<typeof refresh>) => folded.values.families.get(part.name);

describe('ledger', () => {
  it('counts everything on the first refresh, settled up to t − settle_window', () => {
    const ledger = new Ledger(queries, config);
    const first = refresh(ledger, at(10), { outages: [family([3, 3, 1, 5_000_000], [1, 1, 0, 0])] });
    expect(first.windows.outages).toEqual<Window>({ mode: 'full', from: null, until: at(9) });
    expect(first.recounted).toEqual(['outages', 'invalid_outages']);
    // settled + live: 4 rows, 4 started, 1 ended → 3 active, 5 s
    expect(published(first)).toEqual([{ labels, rows: 4, values: [4, 3, 5] }]);
  });

  it('then reads only the window after the watermark and adds what settled to what it keeps', () => {
    const ledger = new Ledger(queries, config);
    refresh(ledger, at(10), { outages: [family([3, 3, 1, 5_000_000], [1, 1, 0, 0])] });
    const second = refresh(ledger, at(10.5), { outages: [family([1, 1, 1, 2_000_000], [2, 2, 1, 0])] });
    expect(second.windows.outages).toEqual<Window>({ mode: 'incremental', from: at(9), until: at(9.5) });
    expect(second.recounted).toEqual([]);
    // settled 3+1 rows, started 4, ended 2, 7 s; live now 2 rows, 2 started, 1 ended
    expect(published(second)).toEqual([{ labels, rows: 6, values: [6, 3, 7] }]);
    // what was live before and is not read again is not counted twice
    const third = refresh(ledger, at(11), { outages: [] });
    expect(published(third)).toEqual([{ labels, rows: 4, values: [4, 2, 7] }]);
  });

  it('keeps the watermark when t has not moved past it (a clock step back)', () => {
    const ledger = new Ledger(queries, config);
    refresh(ledger, at(10), { outages: [] });
    const again = refresh(ledger, at(9.9), { outages: [] });
    expect(again.windows.outages).toEqual<Window>({ mode: 'incremental', from: at(9), until: at(9) });
  });

  it('recounts one query in full every full_recount_interval and reports the series it corrects', () => {
    const ledger = new Ledger(queries, { ...config, full_recount_interval: HOUR });
    refresh(ledger, at(10), { outages: [family([3, 3, 1, 5_000_000])], invalid: [reasons(2)] });
    refresh(ledger, at(10.5), { outages: [family([1, 1, 0, 0])], invalid: [reasons(1)] });
    // an hour after the first count the query counted longest ago is due: outages (the first one)
    const recount = refresh(ledger, at(11), {
      // a row was back-filled under the settled part: started and its seconds differ, ended does not
      outages: [family([5, 5, 1, 6_000_000])],
      invalid: [],
    });
    expect(recount.windows.outages).toEqual<Window>({ mode: 'full', from: null, until: at(9.5) });
    expect(recount.windows.invalid_outages.mode).toBe('incremental');
    expect(recount.recounted).toEqual(['outages']);
    // started_total 4 → 5, active 3 → 4, seconds 5 → 6: three series corrected
    expect(recount.drift).toEqual(new Map([['fixture_outages', 3]]));
    expect(published(recount)).toEqual([{ labels, rows: 5, values: [5, 4, 6] }]);
    // the next refresh recounts the other query, and finds it right
    const next = refresh(ledger, at(11.1), { outages: [], invalid: [reasons(3)] });
    expect(next.windows.invalid_outages.mode).toBe('full');
    expect(next.drift).toEqual(new Map([['invalid_outages', 0]]));
    expect(next.values.invalid.get('outages')).toEqual(new Map([['null_start_at', 3]]));
  });

  it('starts over with a full count when the region tree changes: settled rows carry old labels', () => {
    const ledger = new Ledger(queries, config);
    refresh(ledger, at(10), { outages: [family([3, 3, 1, 0])] });
    const moved = regions([['ah.wuhu.nanling', 'ah.wuhu']]);
    const after = refresh(ledger, at(10.5), { outages: [family([2, 2, 0, 0])] }, moved);
    expect(after.windows.outages).toEqual<Window>({ mode: 'full', from: null, until: at(9.5) });
    expect(after.drift).toEqual(new Map()); // a new count, not a check of the old one
    expect(published(after)).toEqual([{ labels, rows: 2, values: [2, 2, 0] }]);
  });

  it('publishes a label combination only while it has member rows, and a failed query as its error', () => {
    const ledger = new Ledger(queries, config);
    const empty = refresh(ledger, at(10), { outages: [family([0, 0, 0, 0])] });
    expect(published(empty)).toEqual([]);
    const windowOf = ledger.windows(at(10.5), COUNTY);
    const failure = new Error('relation "crm.outages" does not exist');
    const folded = ledger.fold({
      t: at(10.5),
      regions: COUNTY,
      readings: new Map<string, Reading | Error>([
        ['outages', failure],
        ['invalid_outages', { window: windowOf('invalid_outages'), parts: new Map() }],
      ]),
      durations: new Map(),
    });
    expect(folded.values.families.get(part.name)).toBe(failure);
    expect(folded.values.invalid.get('outages')).toEqual(new Map());
  });
});
