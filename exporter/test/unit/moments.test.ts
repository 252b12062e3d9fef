import { at, columnRanges, earliest, latest, shifted } from '../../src/kpi/moments';
import { columnRefs } from '../../src/kpi/sql-text';

const o = columnRefs('outages');
const DAY = 86_400;

describe('moments', () => {
  it('know the columns they are made of and how far from each they lie', () => {
    const notice = shifted(at(o.start_at), { sql: '- interval', min: -7 * DAY, max: -DAY });
    expect(notice.sql).toBe('(o.start_at - interval)');
    expect(notice.columns.get('o.start_at')).toEqual({ column: o.start_at, min: -7 * DAY, max: -DAY });
  });

  it('latest and earliest merge the reach of a column that appears twice', () => {
    const late = shifted(at(o.start_at), { sql: '+ interval', min: 0, max: 900 });
    const m = latest(at(o.start_at), late, at(o.end_at));
    expect(m.columns.get('o.start_at')).toEqual({ column: o.start_at, min: 0, max: 900 });
    expect(m.columns.get('o.end_at')).toEqual({ column: o.end_at, min: 0, max: 0 });
    // PostgreSQL's greatest skips nulls: latest must be null while any part is
    expect(m.sql).toMatch(
      /^\(case when .* is not null and .* is not null and .* is not null then greatest\(/,
    );
    expect(earliest(at(o.end_at), at(o.cancelled_at)).sql).toBe('least(o.end_at, o.cancelled_at)');
    expect(latest(at(o.end_at))).toEqual(at(o.end_at));
  });

  it('turn "the moment is in (from, to]" into a range of each column', () => {
    // deadline = start − lead, lead in [1 d, 7 d]: deadline in (from, to] ⇒ start in (from + 1 d, to + 7 d]
    const deadline = shifted(at(o.start_at), { sql: '- lead', min: -7 * DAY, max: -DAY });
    const ranges = columnRanges([{ moment: deadline, bounded: true }]);
    expect(ranges.get('o.start_at')).toEqual({ column: o.start_at, after: DAY, upTo: 7 * DAY });
  });

  it('widen a column range to every span that uses the column, unbounded if one is', () => {
    const ranges = columnRanges([
      { moment: at(o.end_at), bounded: true },
      { moment: shifted(at(o.end_at), { sql: '+ 15 min', min: 900, max: 900 }), bounded: true },
    ]);
    const range = ranges.get('o.end_at');
    expect(range?.after).toBe(-900);
    expect(range?.upTo).toBeCloseTo(0); // -0: the column itself, moved by nothing
    const unbounded = columnRanges([
      { moment: at(o.end_at), bounded: true },
      { moment: at(o.end_at), bounded: false },
    ]);
    expect(unbounded.get('o.end_at')?.after).toBeCloseTo(0);
    expect(unbounded.get('o.end_at')?.upTo).toBeUndefined();
  });
});

describe('moments at a few offsets far apart', () => {
  const a = columnRefs('arrears');
  it('are read as one narrow range per offset, not as their hull', () => {
    // a bill counted at ages 0, 30 and 90 days: its due date lies in (from − age, to − age] for one age
    const aged = shifted(at(a.due_at), {
      sql: '+ ov.lag',
      min: 0,
      max: 90 * DAY,
      values: [0, 30 * DAY, 90 * DAY],
    });
    const ranges = columnRanges([
      { moment: at(a.due_at), bounded: false },
      { moment: aged, bounded: true },
      { moment: latest(aged, at(a.settled_at)), bounded: true },
    ]);
    const due = ranges.get('ar.due_at');
    // the hull stays the outer bound; the pieces are what an incremental query reads
    expect(due).toMatchObject({ after: -90 * DAY });
    expect(due?.upTo).toBeUndefined();
    expect(due?.pieces).toEqual([
      { after: -0 }, // unbounded: holds the bounded (from, to] of age 0
      { after: -30 * DAY, upTo: -30 * DAY },
      { after: -90 * DAY, upTo: -90 * DAY },
    ]);
    expect(ranges.get('ar.settled_at')?.pieces).toBeUndefined();
  });

  it('fall back to the hull when a use of the column has offsets anywhere in a range', () => {
    const aged = shifted(at(a.due_at), { sql: '+ ov.lag', min: 0, max: 90 * DAY, values: [0, 90 * DAY] });
    const limited = shifted(at(a.due_at), { sql: '+ limit', min: 0, max: DAY });
    const ranges = columnRanges([
      { moment: aged, bounded: true },
      { moment: limited, bounded: true },
    ]);
    expect(ranges.get('ar.due_at')).toEqual({ column: a.due_at, after: -90 * DAY, upTo: -0 });
  });
});
