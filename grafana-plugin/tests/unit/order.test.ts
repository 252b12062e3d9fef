import { cellAt, MatrixOptions } from '../../src/heatmap/matrix';
import { compareCodes } from '../../src/heatmap/order';
import { Triple, matrixOf } from '../support/matrix';

const s = (row: string, column: string, value: number): Triple => [row, column, value];
const base: MatrixOptions = {
  mode: 'ratio',
  scale: 1,
  complement: false,
  minDenominator: 0,
  valueTotal: 'sum',
  direction: 'lowerIsBetter',
  rowOrder: 'code',
  columnOrder: 'code',
  customRowOrder: '',
  customColumnOrder: '',
};
// Late rates: r2 = 50 %, r10 = 10 %, r1 = 30 %; volumes (denominators): r2 = 10, r10 = 100, r1 = 50.
const num = [s('r2', 'c', 5), s('r10', 'c', 10), s('r1', 'c', 15)];
const den = [s('r2', 'c', 10), s('r10', 'c', 100), s('r1', 'c', 50)];
const rows = (o: Partial<MatrixOptions>): string[] =>
  matrixOf(num, den, { ...base, ...o }).rows.map((r) => r.key);

describe('ordering', () => {
  it('by code, numerically aware', () => expect(rows({})).toEqual(['r1', 'r2', 'r10']));
  it('by value, worst first when lower is better', () =>
    expect(rows({ rowOrder: 'value' })).toEqual(['r2', 'r1', 'r10']));
  it('by value, worst first when higher is better', () =>
    expect(rows({ rowOrder: 'value', direction: 'higherIsBetter' })).toEqual(['r10', 'r1', 'r2']));
  it('by volume, largest first', () => expect(rows({ rowOrder: 'total' })).toEqual(['r10', 'r1', 'r2']));
  it('by a custom list; the rest follow by name', () =>
    expect(rows({ rowOrder: 'custom', customRowOrder: ' r10 , nope' })).toEqual(['r10', 'r1', 'r2']));

  it('moves cells with their rows', () => {
    const m = matrixOf(num, den, { ...base, rowOrder: 'value' });
    expect(m.rows.map((r, i) => [r.key, cellAt(m, i, 0).value])).toEqual([
      ['r2', 0.5],
      ['r1', 0.3],
      ['r10', 0.1],
    ]);
  });
});

// A piece of the demo's region tree, deliberately shuffled; names as crm_region_info gives them.
const TREE: Record<string, string> = {
  'ah.wuhu.nanling': '南陵县',
  'ah.hefei.shushan': '蜀山区',
  ah: '安徽省',
  'ah.wuhu': '芜湖市',
  'ah.hefei.baohe': '包河区',
  'ah.anqing.yuexi': '岳西县',
  'ah.hefei': '合肥市',
  'ah.wuhu.jinghu': '镜湖区',
  'ah.anqing': '安庆市',
};
const treeRows = (rowOrder: MatrixOptions['rowOrder']): string[] =>
  matrixOf(
    Object.keys(TREE).map((region) => s(region, 'residential', 1)),
    [],
    { ...base, mode: 'value', rowOrder },
    TREE,
  ).rows.map((r) => r.name);

describe('row order of the region tree', () => {
  it('by code: the province, then each city followed by its own counties', () => {
    expect(treeRows('code')).toEqual([
      '安徽省',
      '安庆市',
      '岳西县',
      '合肥市',
      '包河区',
      '蜀山区',
      '芜湖市',
      '镜湖区',
      '南陵县',
    ]);
  });

  it('by name: Chinese (pinyin) collation, not code-point order', () => {
    // ān huī, ān qìng, bāo hé, hé féi, jìng hú, nán líng, shǔ shān, wú hú, yuè xī
    const pinyin = ['安徽省', '安庆市', '包河区', '合肥市', '镜湖区', '南陵县', '蜀山区', '芜湖市', '岳西县'];
    expect(treeRows('name')).toEqual(pinyin);
    // Code-point order puts 包 (U+5305) first and 南 (U+5357) before 合 (U+5408) and 安 (U+5B89).
    expect([...pinyin].sort().slice(0, 3)).toEqual(['包河区', '南陵县', '合肥市']);
  });

  it('compares codes part by part, so a separator never splits a city from its counties', () => {
    expect(compareCodes('ah.hefei', 'ah.hefei.baohe')).toBeLessThan(0);
    expect(compareCodes('ah.hefei.zz', 'ah.hefei-x')).toBeLessThan(0); // '-' < '.' in code points
    expect(compareCodes('s2', 's10')).toBeLessThan(0);
    expect(compareCodes('ah.x', 'ah.x')).toBe(0);
  });
});
