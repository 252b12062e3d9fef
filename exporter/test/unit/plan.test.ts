import { configSchema } from '../../src/config/schema';
import { kpiFamilies } from '../../src/kpi';
import { invalidRowsPlan, queryPlans, sourcePlan, type FamilyPart, type Row } from '../../src/kpi/plan';
import { BY_REGION_FIXTURE, OUTAGES_FIXTURE } from './fixtures/families';

const plan = sourcePlan('outages', [OUTAGES_FIXTURE, BY_REGION_FIXTURE]);
const [outages, byRegion] = plan.parts as [FamilyPart, FamilyPart];
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

describe('invalid-row plan', () => {
  it('is tagged with its relation and decodes a count per reason', () => {
    const check = invalidRowsPlan('callbacks');
    expect(check.parts).toEqual([{ kind: 'invalid_rows', name: 'invalid_callbacks', relation: 'callbacks' }]);
    const sql = check.sql('crm', 'recent');
    expect(sql).toMatch(/^select reason, .* as settled,\n .* as live from \(/m);
    expect(
      check.decode([{ reason: 'null_called_at', settled: '0', live: '3' }]).get('invalid_callbacks'),
    ).toEqual([
      {
        labels: { reason: 'null_called_at' },
        settled: { rows: 0n, terms: [] },
        live: { rows: 3n, terms: [] },
      },
    ]);
    expect(check.filteredColumns.map((c) => c.sql)).toEqual(['cb.called_at']);
  });
});

describe('the plans of the declared KPIs', () => {
  const plans = queryPlans(kpiFamilies(configSchema.parse({})));

  it('are one query per source, then one invalid-row check per relation', () => {
    expect(plans.map((p) => p.name)).toEqual([
      'customers',
      'work_orders',
      'customer_work_orders',
      'callbacks',
      'outages',
      'connection_applications',
      'calls',
      'connection_stages',
      'arrears',
      'arrears_ageing',
      'invalid_customers',
      'invalid_work_orders',
      'invalid_callbacks',
      'invalid_outages',
      'invalid_connection_applications',
      'invalid_calls',
      'invalid_connection_stages',
      'invalid_arrears',
    ]);
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
    expect(sql).toContain(
      "cross join (values ('0d', interval '0 seconds'), ('30d', interval '2592000 seconds'), ('60d', interval '5184000 seconds'), ('90d', interval '7776000 seconds')) as ov(value, lag)",
    );
    expect(sql).toContain(`ar.due_at > p.w0 - interval '${90 * 86400} seconds'`);
    // the plain counts of the same bills are not fanned out
    expect(plans.find((p) => p.name === 'arrears')?.sql('crm', 'recent')).not.toContain('cross join');
  });
});
