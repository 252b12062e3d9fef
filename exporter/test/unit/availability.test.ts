import { FULL_CONTRACT, missingOptionalParts, type Available } from '../../src/db/available';
import { configSchema } from '../../src/config/schema';
import { kpiFamilies } from '../../src/kpi';
import { familiesAvailable } from '../../src/kpi/availability';
import type { Family } from '../../src/kpi/model';
import { at } from '../../src/kpi/moments';
import { queryPlans } from '../../src/kpi/plan';
import { columnRefs } from '../../src/kpi/sql-text';

/** The v1 relations and columns of crm-schema.md, spelled out: a CRM without any v2 part. */
const V1: Available = new Map<string, Set<string>>([
  ['regions', new Set(['id', 'name', 'parent_id', 'level'])],
  [
    'customers',
    new Set(['id', 'region_id', 'segment', 'area_class', 'sensitivity', 'opened_at', 'closed_at']),
  ],
  [
    'work_orders',
    new Set([
      'id',
      'type',
      'channel',
      'customer_id',
      'region_id',
      'segment',
      'area_class',
      'accepted_at',
      'deadline_at',
      'closed_at',
      'cancelled_at',
      'returned_count',
      'needs_visit',
      'arrived_at',
      'restored_at',
      'substantiated',
      'is_repeat',
    ]),
  ],
  [
    'outages',
    new Set([
      'id',
      'region_id',
      'kind',
      'area_class',
      'affected_customers',
      'notified_at',
      'start_at',
      'planned_end_at',
      'end_at',
      'info_reported_at',
      'restore_reported_at',
      'info_valid',
      'cancelled_at',
    ]),
  ],
  ['callbacks', new Set(['id', 'work_order_id', 'called_at', 'reached', 'satisfaction'])],
  [
    'connection_applications',
    new Set([
      'id',
      'region_id',
      'segment',
      'customer_class',
      'accepted_at',
      'deadline_at',
      'completed_at',
      'cancelled_at',
    ]),
  ],
]);

const o = columnRefs('outages');
/** A family that needs an optional v2 column (restore_info_valid) in one term. */
const RESTORE_VALIDITY: Family = {
  name: 'fixture_restore_validity',
  source: 'outages',
  labels: ['region', 'kind'],
  measures: [
    {
      metric: 'crm_fixture_restore_invalid_total',
      type: 'counter',
      help: 'fixture',
      add: [{ where: `${o.restore_info_valid.sql} = false`, since: at(o.restore_reported_at) }],
    },
  ],
};

describe('the optional v2 contract', () => {
  const config = configSchema.parse({});

  it('names every v2 relation and column a v1 CRM lacks, as crm-schema.md lists them', () => {
    expect(missingOptionalParts(V1).sort()).toEqual(
      [
        'arrears',
        'calls',
        'connection_stages',
        'outage_customers',
        'customers.credit_grade',
        'customers.vulnerable',
        'outages.restore_info_valid',
        'work_orders.escalated_at',
        'work_orders.proactive',
        'work_orders.remediated_at',
        'work_orders.remediation_due_at',
      ].sort(),
    );
    expect(missingOptionalParts(FULL_CONTRACT)).toEqual([]);
  });

  it('turns off exactly the families that need a missing part, saying which', () => {
    const families = [...kpiFamilies(config), RESTORE_VALIDITY];
    const { enabled, off } = familiesAvailable(families, V1);
    expect(off).toEqual([
      { family: 'escalations', missing: ['work_orders.escalated_at'] },
      { family: 'proactive_repairs', missing: ['work_orders.proactive'] },
      { family: 'customers_by_credit_grade', missing: ['customers.credit_grade'] },
      { family: 'customers_vulnerable', missing: ['customers.vulnerable'] },
      { family: 'calls', missing: ['calls'] },
      { family: 'arrears', missing: ['arrears'] },
      // by the customer's credit grade: off without the grade too
      { family: 'arrears_ageing', missing: ['arrears', 'customers.credit_grade'] },
      { family: 'restoration_info_validity', missing: ['outages.restore_info_valid'] },
      {
        family: 'remediation',
        missing: ['work_orders.escalated_at', 'work_orders.remediation_due_at', 'work_orders.remediated_at'],
      },
      { family: 'call_answer', missing: ['calls'] },
      { family: 'missed_call_callback', missing: ['calls'] },
      { family: 'connection_stage', missing: ['connection_stages'] },
      { family: 'outage_experience', missing: ['outage_customers'] },
      { family: 'long_outage_customers', missing: ['outage_customers'] },
      { family: 'fixture_restore_validity', missing: ['outages.restore_info_valid'] },
    ]);
    const v2Families = off.map((o) => o.family);
    expect(enabled.map((f) => f.name)).toEqual(
      families.map((f) => f.name).filter((name) => !v2Families.includes(name)),
    );
    expect(familiesAvailable(families, FULL_CONTRACT).off).toEqual([]);
  });

  it('leaves the checks of missing optional columns out of the SQL, and a missing required relation in', () => {
    const v1Families = familiesAvailable(kpiFamilies(config), V1).enabled;
    const v1Sql = queryPlans(v1Families, V1).map((plan) => plan.sql('crm', 'recent'));
    expect(v1Sql.join('\n')).not.toMatch(/credit_grade|vulnerable|proactive|restore_info_valid|escalated_at/);
    const full = queryPlans(kpiFamilies(config)).map((plan) => plan.sql('crm', 'recent'));
    expect(full.join('\n')).toMatch(/c\.credit_grade not in \('A', 'B', 'C', 'D'\)/);
    const withoutOutages = new Map(V1);
    withoutOutages.delete('outages');
    // a required relation that is missing still gets its queries: they fail and say so on /readyz
    const outages = queryPlans(kpiFamilies(config), withoutOutages).find((plan) => plan.name === 'outages');
    expect(outages?.parts.map((part) => part.name)).toContain('invalid_outages');
  });
});
