import { FieldType } from '@grafana/data';

import { interpolate } from '../../harness/interpolate';
import { toDataFrames } from '../../harness/prometheus';
import { legendGradient, targetPosition } from '../../src/components/legendStops';
import { moveFocus } from '../../src/components/keyboard';
import { cell, matrix, vector } from '../support/prom';

describe('Prometheus response → frames, as Grafana’s datasource shapes them', () => {
  it('time series: a frame per series, labels on the value field, ms timestamps', () => {
    const [frame] = toDataFrames(
      vector([[{ __name__: 'crm_customers', ...cell('r', 's') }, '42']], 1700000000),
      'A',
      'time_series',
    );
    expect(frame!.refId).toBe('A');
    expect(frame!.fields.map((f) => [f.name, f.type])).toEqual([
      ['Time', FieldType.time],
      ['Value', FieldType.number],
    ]);
    expect(frame!.fields[0]!.values).toEqual([1700000000000]);
    expect(frame!.fields[1]!.labels).toEqual({ __name__: 'crm_customers', region: 'r', segment: 's' });
    expect(frame!.fields[1]!.values).toEqual([42]);
  });

  it('table: Time, sorted label columns, "Value #refId", one row per sample', () => {
    const frames = toDataFrames(matrix([[cell('r', 's', { name: 'N' }), [1, 2]]]), 'B', 'table');
    expect(frames).toHaveLength(1);
    expect(frames[0]!.fields.map((f) => f.name)).toEqual(['Time', 'name', 'region', 'segment', 'Value #B']);
    expect(frames[0]!.length).toBe(2);
  });

  it('parses NaN and infinities the way Prometheus writes them', () => {
    const [a, b, c] = toDataFrames(
      vector([
        [cell('a', 's'), 'NaN'],
        [cell('b', 's'), '+Inf'],
        [cell('c', 's'), '-Inf'],
      ]),
      'A',
      'time_series',
    );
    expect([a, b, c].map((f) => f!.fields[1]!.values[0])).toEqual([NaN, Infinity, -Infinity]);
  });
});

describe('harness interpolation of data links', () => {
  it('fills scoped variables, label paths and dashboard variables, URL-encoded', () => {
    const scoped = {
      region: { text: '镜湖区', value: 'ah.wuhu.jinghu' },
      __field: { text: '', value: { labels: { segment: 'key account' } } },
    };
    expect(
      interpolate('/d/x?r=${region}&s=${__field.labels.segment}&t=$team&u=$unknown', scoped, { team: 'a&b' }),
    ).toBe('/d/x?r=ah.wuhu.jinghu&s=key%20account&t=a%26b&u=$unknown');
  });
});

describe('legend and keyboard helpers', () => {
  const scale = {
    min: 90,
    max: 100,
    target: 95,
    stepped: false,
    colourOf: (v: number) => (v < 95 ? 'red' : 'blue'),
  };

  it('places the target proportionally and samples colours through the scale', () => {
    expect(targetPosition(scale)).toBe(0.5);
    expect(targetPosition({ ...scale, target: undefined })).toBeNull();
    const gradient = legendGradient(scale);
    expect(gradient.startsWith('linear-gradient(to right, red 0.00%')).toBe(true);
    expect(gradient.endsWith('blue 100.00%)')).toBe(true);
  });

  it('moves focus within the grid, totals included, and stops at the edges', () => {
    expect(moveFocus('ArrowDown', { row: 0, column: 0 }, 3, 2, 10)).toEqual({ row: 1, column: 0 });
    expect(moveFocus('ArrowUp', { row: 0, column: 0 }, 3, 2, 10)).toEqual({ row: 0, column: 0 });
    expect(moveFocus('End', { row: 1, column: 0 }, 3, 2, 10)).toEqual({ row: 1, column: 1 });
    expect(moveFocus('PageDown', { row: 1, column: 0 }, 3, 2, 10)).toEqual({ row: 2, column: 0 });
    expect(moveFocus('x', { row: 1, column: 0 }, 3, 2, 10)).toBeNull();
  });
});
