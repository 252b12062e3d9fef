import { ratioCell } from '../../src/heatmap/cells';
import { cellAt, MatrixOptions } from '../../src/heatmap/matrix';
import { Triple, matrixOf as buildMatrix } from '../support/matrix';

const base: MatrixOptions = {
  mode: 'ratio',
  scale: 100,
  complement: false,
  minDenominator: 0,
  valueTotal: 'sum',
  direction: 'lowerIsBetter',
  rowOrder: 'code',
  columnOrder: 'code',
  customRowOrder: '',
  customColumnOrder: '',
};
const s = (row: string, column: string, value: number | null): Triple => [row, column, value];

describe('buildMatrix, ratio mode', () => {
  // a·x = 1/10 (10 %), a·y = 45/90 (50 %): the row total is 46/100 = 46 %, not the 30 % average.
  const num = [s('a', 'x', 1), s('a', 'y', 45), s('b', 'x', 3)];
  const den = [s('a', 'x', 10), s('a', 'y', 90), s('b', 'x', 30), s('b', 'y', 5)];

  it('forms totals as Σnumerator / Σdenominator, never an average of ratios', () => {
    const m = buildMatrix(num, den, base);
    expect(m.rows.map((r) => r.key)).toEqual(['a', 'b']);
    expect(m.rows[0]!.total.value).toBeCloseTo(46);
    expect(m.columns[0]!.total.value).toBeCloseTo((4 / 40) * 100); // x: (1+3)/(10+30)
    expect(m.grand.value).toBeCloseTo((49 / 130) * 100);
    expect(m.grand.numerator).toBe(49);
    expect(m.grand.denominator).toBe(130);
  });

  it('marks a cell with a denominator but no numerator as no data, and leaves it out of totals', () => {
    const m = buildMatrix(num, den, base);
    expect(cellAt(m, 1, 1)).toEqual({ state: 'noData', value: null, numerator: null, denominator: 5 });
    expect(m.rows[1]!.total.value).toBeCloseTo(10); // 3/30 only
  });

  it('complements and scales: 1 − late/due as a percentage', () => {
    const m = buildMatrix(num, den, { ...base, complement: true });
    expect(cellAt(m, 0, 0).value).toBeCloseTo(90);
    expect(m.rows[0]!.total.value).toBeCloseTo(54);
  });

  it('masks cells and totals whose denominator is under the minimum, keeping n', () => {
    const m = buildMatrix(num, den, { ...base, minDenominator: 20 });
    expect(cellAt(m, 0, 0).state).toBe('masked');
    expect(cellAt(m, 0, 0).denominator).toBe(10);
    expect(cellAt(m, 0, 1).state).toBe('value');
    // Masked cells still count in totals: their cases are real.
    expect(m.columns[0]!.total).toMatchObject({ state: 'value', numerator: 4, denominator: 40 });
  });

  it('treats a zero denominator as "no cases", not as 0 %', () => {
    expect(ratioCell(0, 0, { scale: 1, complement: false, minDenominator: 0 })).toEqual({
      state: 'noData',
      value: null,
      numerator: 0,
      denominator: 0,
    });
  });

  it('creates cells for keys that appear only in the denominator, so gaps are visible', () => {
    const m = buildMatrix([], [s('z', 'q', 4)], base);
    expect(m.rows.map((r) => r.key)).toEqual(['z']);
    expect(cellAt(m, 0, 0).state).toBe('noData');
  });
});

describe('buildMatrix, value mode', () => {
  const values = [s('a', 'x', 1), s('a', 'y', 5), s('b', 'x', 3)];

  it.each([
    ['sum', 6, 4, 9],
    ['mean', 3, 2, 3],
    ['max', 5, 3, 5],
    ['min', 1, 1, 1],
  ] as const)('totals with %s', (how, rowA, columnX, grand) => {
    const m = buildMatrix(values, [], { ...base, mode: 'value', valueTotal: how });
    expect(m.rows[0]!.total.value).toBe(rowA);
    expect(m.columns[0]!.total.value).toBe(columnX);
    expect(m.grand.value).toBe(grand);
  });

  it('leaves missing cells as no data, distinct from zero', () => {
    const m = buildMatrix([...values, s('b', 'z', 0)], [], { ...base, mode: 'value' });
    expect(m.columns.map((c) => c.key)).toEqual(['x', 'y', 'z']);
    expect(cellAt(m, 1, 1).state).toBe('noData');
    expect(cellAt(m, 1, 2)).toMatchObject({ state: 'value', value: 0 });
  });

  it('shows display names but keeps keys', () => {
    const m = buildMatrix(
      [s('ah.wuhu.jinghu', 'x', 1), s('ah.hefei.baohe', 'x', 1)],
      [],
      { ...base, mode: 'value', rowOrder: 'name' },
      { 'ah.wuhu.jinghu': '镜湖区', 'ah.hefei.baohe': '包河区' },
    );
    expect(m.rows.map((r) => [r.key, r.name])).toEqual([
      ['ah.hefei.baohe', '包河区'],
      ['ah.wuhu.jinghu', '镜湖区'],
    ]);
  });

  it('sums series that land in the same cell; a cell is no data only when all its parts are', () => {
    const m = buildMatrix([s('a', 'x', 1), s('a', 'x', 4), s('a', 'y', null), s('a', 'y', null)], [], {
      ...base,
      mode: 'value',
    });
    expect(cellAt(m, 0, 0)).toMatchObject({ state: 'value', value: 5 });
    expect(cellAt(m, 0, 1).state).toBe('noData');
  });
});
