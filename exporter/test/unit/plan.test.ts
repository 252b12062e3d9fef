import { configSchema } from '../../src/config/schema';
import { kpiFamilies } from '../../src/kpi';
import { queryPlans, sourcePlan, type ColumnSet, type FamilyPart, type Row } from '../../src/kpi/plan';
import { BY_REGION_FIXTURE, OUTAGES_FIXTURE } from './fixtures/families';

const plan = sourcePlan('outages', [OUTAGES_FIXTURE, BY_REGION_FIXTURE]);
const [outagesPart, byRegionPart] = plan.parts as [FamilyPart, FamilyPart];
// neither family is fanned out: one set of columns each
const firstSet = (part: FamilyPart) => ({ measures: part.measures, columns: part.columns[0] as ColumnSet });
const [outages, byRegion] = [firstSet(outagesPart), firstSet(byRegionPart)];
const aliases = (sql: string) => [...sql.matchAll(/ as "?(\w+)"?(?=,|\n|$)/gm)].map((m) => m[1]);

describe('source plan', () => {
  it('tags its parts as KPI families, with the measures as terms of the family', () => {
    expect(plan.parts.map((p) => [p.kind, p.name])).toEqual([
      ['family', 'fixture_outages'],
      ['family', 'fixture_by_region'],
    ]);
    // started, started-and-ended, the sum: three distinct terms, the first shared by two measures
    expect(outages.measures).toEqual([
      { add: [0], subtract: [], scale: 1 },
      { add: [0], subtract: [1], scale: 1 },
      { add: [2], subtract: [], scale: 1e6 },
    ]);
    expect(outages.columns.terms).toHaveLength(3);
  });

  it('names every output column once, and families share the column of a shared quantity', () => {
    const full = aliases(plan.sql('crm', 'all'));
    const recent = aliases(plan.sql('crm', 'recent'));
    const pairs = [
      outages.columns.rows,
      ...outages.columns.terms,
      byRegion.columns.rows,
      ...byRegion.columns.terms,
    ];
    expect(new Set(recent).size).toBe(recent.length);
    for (const pair of pairs) {
      expect(recent).toEqual(expect.arrayContaining([pair.settled, pair.live]));
      expect(full).toContain(pair.settled);
      expect(full).not.toContain(pair.live); // a full recount reads the live part as recent rows
    }
    expect(byRegion.columns.terms[0]).toEqual(outages.columns.terms[0]);
    expect(full.slice(0, 2)).toEqual(['region', 'kind']);
  });

  it('decodes rows into tallies per family, summing groups finer than its labels', () => {
    const row = (region: string, kind: string, settled: number, live?: number): Row => {
      const r: Row = { region, kind };
      for (const pair of [outages.columns.rows, ...outages.columns.terms]) {
        r[pair.settled] = String(settled); // PostgreSQL's bigint arrives as text
        if (live !== undefined) r[pair.live] = String(live);
      }
      return r;
    };
    const decoded = plan.decode([row('a', 'fault', 1, 10), row('a', 'planned', 2, 20), row('b', 'fault', 4)]);
    expect(decoded.get('fixture_outages')).toEqual([
      {
        labels: { region: 'a', kind: 'fault' },
        settled: { rows: 1n, terms: [1n, 1n, 1n] },
        live: { rows: 10n, terms: [10n, 10n, 10n] },
      },
      {
        labels: { region: 'a', kind: 'planned' },
        settled: { rows: 2n, terms: [2n, 2n, 2n] },
        live: { rows: 20n, terms: [20n, 20n, 20n] },
      },
      // read by a statement over every row: no live columns, nothing live
      {
        labels: { region: 'b', kind: 'fault' },
        settled: { rows: 4n, terms: [4n, 4n, 4n] },
        live: { rows: 0n, terms: [0n, 0n, 0n] },
      },
    ]);
    expect(decoded.get('fixture_by_region')?.map((t) => [t.labels, t.settled.terms, t.live.terms])).toEqual([
      [{ region: 'a' }, [3n], [30n]],
      [{ region: 'b' }, [4n], [0n]],
    ]);
  });
});

describe('row checks', () => {
  it('a relation without families is checked by a query of its own, decoding a count per reason', () => {
    const check = sourcePlan('callbacks', [], undefined, true);
    expect(check.name).toBe('invalid_callbacks');
    expect(check.parts).toEqual([{ kind: 'invalid_rows', name: 'invalid_callbacks', relation: 'callbacks' }]);
    // label values fail per group; rows failing a check of single rows wait for the second pass
    const rows: Row[] = [
      { v0: 'ok', rows_pass: true, reason: null, checked_settled: '5', checked_live: '1' },
      { v0: '', rows_pass: true, reason: 'invalid_work_order', checked_settled: '2', checked_live: '0' },
      { v0: 'ok', rows_pass: false, reason: null, checked_settled: '4', checked_live: '4' },
    ];
    expect(check.followUp?.needed(rows)).toBe(true);
    expect(check.followUp?.needed(rows.slice(0, 2))).toBe(false);
    const secondPass: Row[] = [
      { reason: 'null_called_at', checked_settled: '0', checked_live: '3' },
      { reason: 'invalid_work_order', checked_settled: '1', checked_live: '1' },
    ];
    expect(check.decode([...rows, ...secondPass]).get('invalid_callbacks')).toEqual([
      {
        labels: { reason: 'invalid_work_order' },
        settled: { rows: 3n, terms: [] },
        live: { rows: 1n, terms: [] },
      },
      {
        labels: { reason: 'null_called_at' },
        settled: { rows: 0n, terms: [] },
        live: { rows: 3n, terms: [] },
      },
    ]);
    expect(check.filteredColumns.map((c) => c.sql)).toEqual(['cb.called_at']);
  });

  it('a source checks its relation in the pass that counts its families, ignoring the invalid groups', () => {
    const checked = sourcePlan('outages', [OUTAGES_FIXTURE, BY_REGION_FIXTURE], undefined, true);
    expect(checked.parts.map((p) => p.name)).toEqual([
      'fixture_outages',
      'fixture_by_region',
      'invalid_outages',
    ]);
    const full = checked.sql('crm', 'all');
    expect(full).toContain('as rows_pass');
    expect(full).not.toMatch(/\nwhere /); // every row is read, valid or not
    const group = (rowsPass: boolean, n: number): Row => ({
      region: 'a',
      kind: 'planned',
      rows_pass: rowsPass,
      reason: null,
      checked_settled: String(n),
      ...Object.fromEntries(
        [outages.columns.rows, ...outages.columns.terms].map((pair) => [pair.settled, String(n)]),
      ),
      ...Object.fromEntries(
        [byRegion.columns.rows, ...byRegion.columns.terms].map((pair) => [pair.settled, String(n)]),
      ),
    });
    const decoded = checked.decode([group(true, 2), group(false, 7)]);
    expect(decoded.get('fixture_outages')?.map((t) => t.settled.rows)).toEqual([2n]);
    expect(decoded.get('invalid_outages')).toEqual([]);
  });
});

describe('the plans of the declared KPIs', () => {
  const plans = queryPlans(kpiFamilies(configSchema.parse({})));

  it('are one query per source, each relation checked by its first source in the same pass', () => {
    expect(plans.map((p) => [p.name, p.parts.filter((part) => part.kind === 'invalid_rows').length])).toEqual(
      [
        ['customers', 1],
        ['work_orders', 1],
        ['customer_work_orders', 0],
        ['callbacks', 1],
        ['outages', 1],
        ['connection_applications', 1],
        ['calls', 1],
        ['connection_stages', 1],
        ['arrears', 1],
        ['arrears_ageing', 0],
      ],
    );
  });

  it('know the timestamp columns their incremental form filters on', () => {
    const filtered = (name: string) =>
      plans
        .find((p) => p.name === name)
        ?.filteredColumns.map((c) => `${c.relation}.${c.name}`)
        .sort();
    expect(filtered('customers')).toEqual(['customers.closed_at', 'customers.opened_at']);
    expect(filtered('work_orders')).toEqual(
      [
        'accepted_at',
        'arrived_at',
        'cancelled_at',
        'closed_at',
        'deadline_at',
        'escalated_at',
        'remediated_at',
        'remediation_due_at',
        'restored_at',
      ].map((c) => `work_orders.${c}`),
    );
    expect(filtered('customer_work_orders')).toEqual(
      ['accepted_at', 'cancelled_at', 'closed_at', 'deadline_at'].map((c) => `work_orders.${c}`),
    );
    expect(filtered('calls')).toEqual(
      ['abandoned_at', 'answered_at', 'called_back_at', 'offered_at'].map((c) => `calls.${c}`),
    );
    // a stage stops when its application is cancelled
    expect(filtered('connection_stages')).toEqual([
      'connection_applications.cancelled_at',
      'connection_stages.completed_at',
      'connection_stages.deadline_at',
      'connection_stages.started_at',
    ]);
    expect(filtered('arrears')).toEqual(['arrears.due_at', 'arrears.settled_at']);
    expect(filtered('arrears_ageing')).toEqual(['arrears.due_at', 'arrears.settled_at']);
  });

  it('count each bill once per age threshold, reading the bills due within the oldest threshold', () => {
    const ageing = plans.find((p) => p.name === 'arrears_ageing');
    const sql = ageing?.sql('crm', 'recent') ?? '';
    // one set of aggregates per threshold, the lag a constant; the bills are read once
    expect(sql).not.toContain('cross join');
    for (const days of [0, 30, 60, 90])
      expect(sql).toContain(`(ar.due_at + interval '${days * 86400} seconds') <= p.t`);
    const part = ageing?.parts[0] as FamilyPart;
    expect(part.columns.map((set) => set.fixed)).toEqual(
      ['0d', '30d', '60d', '90d'].map((over) => ({ over })),
    );
    expect(sql).toContain(`ar.due_at > p.w0 - interval '${90 * 86400} seconds'`);
    // the plain counts of the same bills are not fanned out
    expect(plans.find((p) => p.name === 'arrears')?.sql('crm', 'recent')).not.toContain('cross join');
  });
});
