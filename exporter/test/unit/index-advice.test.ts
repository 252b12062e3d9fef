import { columnRefs } from '../../src/kpi/sql-text';
import { adviseIndexes, describeAdvice } from '../../src/refresh/index-advice';

const wo = columnRefs('work_orders');
const cb = columnRefs('callbacks');
const c = columnRefs('customers');
const filtered = [wo.accepted_at, wo.closed_at, wo.accepted_at, cb.called_at, c.opened_at];

describe('index advice', () => {
  it('names each filtered column no btree index leads with, once, with the statement to run', () => {
    const advice = adviseIndexes(
      filtered,
      [
        // closed_at only as the second column of an index does not count: the catalogue gave its first
        { relation: 'work_orders', kind: 'r', first_columns: ['accepted_at', 'id'] },
        { relation: 'callbacks', kind: 'p', first_columns: ['called_at'] },
        { relation: 'customers', kind: 'm', first_columns: [] },
      ],
      'crm',
    );
    expect(advice.missing).toEqual([
      {
        relation: 'work_orders',
        column: 'closed_at',
        statement: 'create index concurrently work_orders_closed_at_idx on "crm"."work_orders" (closed_at);',
      },
      {
        relation: 'customers',
        column: 'opened_at',
        statement: 'create index concurrently customers_opened_at_idx on "crm"."customers" (opened_at);',
      },
    ]);
    expect(advice.opaque).toEqual([]);
  });

  it('says a view or a foreign table hides its indexes, and leaves a missing relation to its query', () => {
    const advice = adviseIndexes(
      filtered,
      [
        { relation: 'work_orders', kind: 'v', first_columns: [] },
        { relation: 'callbacks', kind: 'f', first_columns: [] },
      ],
      'crm',
    );
    expect(advice.missing).toEqual([]);
    expect(advice.opaque).toEqual([
      { relation: 'work_orders', kind: 'a view', columns: ['accepted_at', 'closed_at'] },
      { relation: 'callbacks', kind: 'a foreign table', columns: ['called_at'] },
    ]);
    expect(describeAdvice(advice, 'crm')[0]).toBe(
      'crm.work_orders is a view: the exporter cannot see the indexes behind it; ' +
        'index the columns it reads as accepted_at, closed_at in the tables it is made of',
    );
  });
});
