import { buildMatrix, cellAt, MatrixOptions } from '../../src/heatmap/matrix';
import { Sample } from '../../src/heatmap/samples';

const s = (row: string, column: string, value: number): Sample => ({ row, column, value });
const base: MatrixOptions = {
  mode: 'ratio',
  scale: 1,
  complement: false,
  minDenominator: 0,
  valueTotal: 'sum',
  direction: 'lowerIsBetter',
  rowOrder: 'name',
  columnOrder: 'name',
  customRowOrder: '',
  customColumnOrder: '',
};
// Late rates: r2 = 50 %, r10 = 10 %, r1 = 30 %; volumes (denominators): r2 = 10, r10 = 100, r1 = 50.
const num = [s('r2', 'c', 5), s('r10', 'c', 10), s('r1', 'c', 15)];
const den = [s('r2', 'c', 10), s('r10', 'c', 100), s('r1', 'c', 50)];
const rows = (o: Partial<MatrixOptions>): string[] =>
  buildMatrix(num, den, { ...base, ...o }).rows.map((r) => r.key);

describe('ordering', () => {
  it('by name, numerically aware', () => expect(rows({})).toEqual(['r1', 'r2', 'r10']));
  it('by value, worst first when lower is better', () =>
    expect(rows({ rowOrder: 'value' })).toEqual(['r2', 'r1', 'r10']));
  it('by value, worst first when higher is better', () =>
    expect(rows({ rowOrder: 'value', direction: 'higherIsBetter' })).toEqual(['r10', 'r1', 'r2']));
  it('by volume, largest first', () => expect(rows({ rowOrder: 'total' })).toEqual(['r10', 'r1', 'r2']));
  it('by a custom list; the rest follow by name', () =>
    expect(rows({ rowOrder: 'custom', customRowOrder: ' r10 , nope' })).toEqual(['r10', 'r1', 'r2']));

  it('moves cells with their rows', () => {
    const m = buildMatrix(num, den, { ...base, rowOrder: 'value' });
    expect(m.rows.map((r, i) => [r.key, cellAt(m, i, 0).value])).toEqual([
      ['r2', 0.5],
      ['r1', 0.3],
      ['r10', 0.1],
    ]);
  });
});
