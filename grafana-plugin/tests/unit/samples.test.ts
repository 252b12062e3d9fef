import { toDataFrames } from '../../harness/prometheus';
import { extractSamples } from '../../src/heatmap/samples';
import { cell, matrix, vector } from '../support/prom';

const dims = { rowDimension: 'region', columnDimension: 'segment', rowDisplayLabel: 'name' };

describe('extractSamples', () => {
  const response = vector([
    [cell('ah.wuhu.jinghu', 'residential', { name: '镜湖区' }), 12],
    [cell('ah.wuhu.jinghu', 'commercial', { name: '镜湖区' }), 3],
    [cell('ah.hefei.baohe', 'residential', { name: '包河区' }), 'NaN'],
  ]);

  it.each(['time_series', 'table'] as const)('reads instant results in %s format alike', (format) => {
    const { samples, unplaced } = extractSamples(
      toDataFrames(response, 'A', format),
      'A',
      dims,
      'lastNotNull',
    );
    expect(unplaced).toBe(0);
    expect(samples).toEqual(
      expect.arrayContaining([
        { row: 'ah.wuhu.jinghu', column: 'residential', rowName: '镜湖区', columnName: undefined, value: 12 },
        { row: 'ah.wuhu.jinghu', column: 'commercial', rowName: '镜湖区', columnName: undefined, value: 3 },
        // NaN from Prometheus is "no value", not a number.
        {
          row: 'ah.hefei.baohe',
          column: 'residential',
          rowName: '包河区',
          columnName: undefined,
          value: null,
        },
      ]),
    );
    expect(samples).toHaveLength(3);
  });

  it('takes only the frames of the requested refId', () => {
    const frames = [
      ...toDataFrames(response, 'A', 'time_series'),
      ...toDataFrames(vector([[cell('x', 'y'), 99]]), 'B', 'time_series'),
    ];
    expect(extractSamples(frames, 'B', dims, 'lastNotNull').samples.map((s) => s.value)).toEqual([99]);
  });

  it.each([
    ['lastNotNull', 7],
    ['max', 9],
    ['mean', 6],
    ['first', 2],
  ])('reduces a range series with %s', (reducer, expected) => {
    const range = matrix([[cell('r', 'c'), [2, 9, 'NaN', 7]]]);
    for (const format of ['time_series', 'table'] as const) {
      const { samples } = extractSamples(toDataFrames(range, 'A', format), 'A', dims, reducer);
      expect(samples).toEqual([expect.objectContaining({ row: 'r', column: 'c', value: expected })]);
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
    const { samples } = extractSamples(
      toDataFrames(vector([[cell('r', 'c'), 12]]), 'A', 'time_series'),
      'A',
      dims,
      reducer,
    );
    expect(samples[0]!.value).toBe(expected);
  });

  it('sums series that land in the same cell after reducing each one', () => {
    const range = matrix([
      [cell('r', 'c', { type: 'repair' }), [1, 4]],
      [cell('r', 'c', { type: 'complaint' }), [2, 5]],
    ]);
    const { samples } = extractSamples(toDataFrames(range, 'A', 'table'), 'A', dims, 'lastNotNull');
    expect(samples).toEqual([expect.objectContaining({ value: 9 })]);
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
    const { samples, unplaced } = extractSamples(frames, 'A', dims, 'lastNotNull');
    expect(unplaced).toBe(1);
    expect(samples).toHaveLength(1);
  });
});
