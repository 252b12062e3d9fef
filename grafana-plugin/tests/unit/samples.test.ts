import { toDataFrames } from '../../harness/prometheus';
import { Extraction, extract } from '../../src/heatmap/samples';
import { Row, cell, matrix, vector } from '../support/prom';

const dims = { rowDimension: 'region', columnDimension: 'segment', rowDisplayLabel: 'name' };
const onlyA = { numerator: 'A', denominator: null };

/** A query's readings as plain [row key, column key, value] triples, null for "no usable value". */
function readings(
  x: Extraction,
  which: 'numerator' | 'denominator' = 'numerator',
): Array<[string, string, number | null]> {
  const r = x[which];
  return Array.from({ length: r.length }, (_, i) => {
    const v = r.values[i]!;
    return [x.rows.keys[r.rows[i]!]!, x.columns.keys[r.columns[i]!]!, Number.isNaN(v) ? null : v];
  });
}

describe('extract', () => {
  const response = vector([
    [cell('ah.wuhu.jinghu', 'residential', { name: '镜湖区' }), 12],
    [cell('ah.wuhu.jinghu', 'commercial', { name: '镜湖区' }), 3],
    [cell('ah.hefei.baohe', 'residential', { name: '包河区' }), 'NaN'],
  ]);

  it.each(['time_series', 'table'] as const)('reads instant results in %s format alike', (format) => {
    const x = extract(toDataFrames(response, 'A', format), dims, onlyA, 'lastNotNull');
    expect(x.unplaced).toBe(0);
    expect(readings(x)).toEqual(
      expect.arrayContaining([
        ['ah.wuhu.jinghu', 'residential', 12],
        ['ah.wuhu.jinghu', 'commercial', 3],
        // NaN from Prometheus is "no value", not a number.
        ['ah.hefei.baohe', 'residential', null],
      ]),
    );
    expect(x.numerator.length).toBe(3);
    expect(x.rows.keys).toEqual(expect.arrayContaining(['ah.wuhu.jinghu', 'ah.hefei.baohe']));
    expect(x.rows.dataNames[x.rows.keys.indexOf('ah.hefei.baohe')]).toBe('包河区');
  });

  it('takes the numerator and the denominator from their own refIds', () => {
    const frames = [
      ...toDataFrames(response, 'A', 'time_series'),
      ...toDataFrames(vector([[cell('x', 'y'), 99]]), 'B', 'time_series'),
    ];
    const x = extract(frames, dims, { numerator: 'B', denominator: 'A' }, 'lastNotNull');
    expect(readings(x)).toEqual([['x', 'y', 99]]);
    expect(readings(x, 'denominator').map(([, , v]) => v)).toEqual([12, 3, null]);
  });

  it.each([
    ['lastNotNull', 7],
    ['max', 9],
    ['mean', 6],
    ['first', 2],
  ])('reduces a range series with %s', (reducer, expected) => {
    const range = matrix([[cell('r', 'c'), [2, 9, 'NaN', 7]]]);
    for (const format of ['time_series', 'table'] as const) {
      expect(readings(extract(toDataFrames(range, 'A', format), dims, onlyA, reducer))).toEqual([
        ['r', 'c', expected],
      ]);
    }
  });

  it.each([
    ['lastNotNull', 12],
    ['mean', 12],
    ['sum', 12],
    ['count', 1],
    ['range', 0],
    ['logmin', 12],
  ])('reduces an instant (one-value) series with %s like Grafana does', (reducer, expected) => {
    const x = extract(toDataFrames(vector([[cell('r', 'c'), 12]]), 'A', 'time_series'), dims, onlyA, reducer);
    expect(readings(x)).toEqual([['r', 'c', expected]]);
  });

  it('keeps series that land in the same cell apart (the matrix sums them) after reducing each one', () => {
    const range = matrix([
      [cell('r', 'c', { type: 'repair' }), [1, 4]],
      [cell('r', 'c', { type: 'complaint' }), [2, 5]],
    ]);
    const x = extract(toDataFrames(range, 'A', 'table'), dims, onlyA, 'lastNotNull');
    expect(readings(x)).toEqual([
      ['r', 'c', 4],
      ['r', 'c', 5],
    ]);
    expect(x.rows.size).toBe(1);
  });

  it('grows past its first guess of the number of series (a table frame holds many)', () => {
    const many = vector(Array.from({ length: 100 }, (_, i): Row => [cell(`r${i}`, 'c'), i]));
    const x = extract(toDataFrames(many, 'A', 'table'), dims, onlyA, 'lastNotNull');
    expect(x.numerator.length).toBe(100);
    expect(readings(x)[99]).toEqual(['r99', 'c', 99]);
  });

  it('counts series without the row or column label instead of inventing a cell', () => {
    const frames = toDataFrames(
      vector([
        [{ region: 'r' }, 1],
        [cell('r', 'c'), 2],
      ]),
      'A',
      'time_series',
    );
    const x = extract(frames, dims, onlyA, 'lastNotNull');
    expect(x.unplaced).toBe(1);
    expect(readings(x)).toEqual([['r', 'c', 2]]);
  });

  it.each(['time_series', 'table'] as const)(
    'reads crm_region_info (%s) as region names, not as data, whatever its refId',
    (format) => {
      const info = vector([
        [{ __name__: 'crm_region_info', region: 'ah.wuhu.jinghu', name: '镜湖区', level: 'county' }, 1],
        [{ __name__: 'crm_region_info', region: 'ah.wuhu', name: '芜湖市', level: 'city' }, 1],
      ]);
      const frames = [
        ...toDataFrames(vector([[cell('ah.wuhu.jinghu', 'residential'), 5]]), 'A', 'time_series'),
        ...toDataFrames(info, 'C', format),
      ];
      // Value mode without a matching refId takes every frame: the name source must still not count.
      for (const numerator of ['A', undefined]) {
        const x = extract(frames, dims, { numerator, denominator: null }, 'lastNotNull');
        expect(readings(x)).toEqual([['ah.wuhu.jinghu', 'residential', 5]]);
        expect(x.unplaced).toBe(0);
        expect([...x.rows.sourceNames]).toEqual([
          ['ah.wuhu.jinghu', '镜湖区'],
          ['ah.wuhu', '芜湖市'],
        ]);
      }
    },
  );
});
