/**
 * End to end on the harness fixtures: Prometheus JSON → frames (as Grafana's datasource shapes them) →
 * model, checked against numbers computed straight from the raw JSON.
 */
import { FieldType, MappingType, ValueMapping, createTheme } from '@grafana/data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PromResponse, toDataFrames } from '../../harness/prometheus';
import { announce, describeCell, gapText } from '../../src/heatmap/describe';
import { variableUpdates, linkScopedVars } from '../../src/heatmap/drilldown';
import { Matrix, cellAt, cellOf } from '../../src/heatmap/matrix';
import { buildModel } from '../../src/heatmap/model';
import { HeatmapOptions, defaultOptions } from '../../src/types';

const fixture = (id: string): PromResponse =>
  JSON.parse(readFileSync(join(__dirname, '../../harness/fixtures', `${id}.json`), 'utf8')) as PromResponse;
const theme = createTheme();
const late = fixture('closure-late');
const due = fixture('closure-due');

const options: HeatmapOptions = {
  ...defaultOptions,
  mode: 'ratio',
  scale: 100,
  complement: true,
  target: 95,
  minDenominator: 20,
};

function withUnit(frames: ReturnType<typeof toDataFrames>): ReturnType<typeof toDataFrames> {
  for (const f of frames) {
    for (const field of f.fields) {
      if (field.type === FieldType.number) {
        field.config = { unit: 'percent', decimals: 1 };
      }
    }
  }
  return frames;
}

const allCells = (m: Matrix) => Array.from(m.numerators, (_, i) => cellOf(m, i));

const sum = (r: PromResponse, keep: (m: Record<string, string>) => boolean = () => true): number =>
  r.data.result.filter((s) => keep(s.metric)).reduce((a, s) => a + Number(s.value![1]), 0);

describe.each(['time_series', 'table'] as const)('timeliness fixture, %s format', (format) => {
  const frames = withUnit([...toDataFrames(late, 'A', format), ...toDataFrames(due, 'B', format)]);
  const model = buildModel(frames, options, theme, 'zh');
  const m = model.matrix;

  it('has one row per region and one column per segment, named from crm_region_info', () => {
    const regions = new Set(due.data.result.map((s) => s.metric.region));
    const segments = new Set(due.data.result.map((s) => s.metric.segment));
    expect(m.rows).toHaveLength(regions.size);
    expect(m.columns).toHaveLength(segments.size);
    const jinghu = m.rows.find((r) => r.key === 'ah.wuhu.jinghu');
    expect(jinghu?.name).toBe('镜湖区');
  });

  it('computes the grand total as 100 × (1 − Σlate / Σdue)', () => {
    expect(m.grand.value).toBeCloseTo(100 * (1 - sum(late) / sum(due)), 10);
  });

  it('computes a region total from that region’s series only', () => {
    const isHuaiyuan = (x: Record<string, string>): boolean => x.region === 'ah.bengbu.huaiyuan';
    const row = m.rows.find((r) => r.key === 'ah.bengbu.huaiyuan')!;
    expect(row.total.value).toBeCloseTo(100 * (1 - sum(late, isHuaiyuan) / sum(due, isHuaiyuan)), 10);
  });

  it('masks exactly the cells with fewer than 20 due', () => {
    const small = due.data.result.filter((s) => Number(s.value![1]) < 20).length;
    expect(allCells(m).filter((c) => c.state === 'masked')).toHaveLength(small);
  });

  it('formats with the field’s unit and says how far from target, in Chinese', () => {
    const i = m.rows.findIndex((r) => r.key === 'ah.wuhu.jinghu');
    const j = m.columns.findIndex((c) => c.key === 'residential');
    const cell = cellAt(m, i, j);
    const d = describeCell(model, options, i, j);
    expect(d.title).toBe('镜湖区 · 居民');
    const value = d.lines.find((l) => l.label === '数值')!.value;
    expect(value).toBe(`${cell.value!.toFixed(1)}%`);
    const gap = Math.abs(cell.value! - 95).toFixed(1);
    expect(d.lines.find((l) => l.label === '与目标差距')!.value).toBe(
      cell.value! >= 95 ? `优于目标 ${gap}%` : `差于目标 ${gap}%`,
    );
    expect(announce(model, d)).toContain(
      '镜湖区 · 居民。地区代码：ah.wuhu.jinghu。客户分群代码：residential',
    );
  });
});

describe('describe and drill-down', () => {
  const frames = withUnit([
    ...toDataFrames(late, 'A', 'time_series'),
    ...toDataFrames(due, 'B', 'time_series'),
  ]);
  const model = buildModel(frames, options, theme, 'en');

  it('signs the gap so that "better" means better in either direction', () => {
    expect(gapText(model, 97, 95, 'higherIsBetter')).toBe('2.0% better');
    expect(gapText(model, 97, 95, 'lowerIsBetter')).toBe('2.0% worse');
    expect(gapText(model, 95, 95, 'lowerIsBetter')).toBe('on target');
  });

  it('describes totals and masked cells in words', () => {
    const m = model.matrix;
    expect(describeCell(model, options, m.rows.length, m.columns.length).title).toBe('Total · Total');
    const zh = buildModel(frames, options, theme, 'zh');
    expect(describeCell(zh, options, m.rows.length, m.columns.length).title).toBe('合计 · 合计');
    const masked = allCells(m).findIndex((c) => c.state === 'masked');
    const d = describeCell(model, options, Math.floor(masked / m.columns.length), masked % m.columns.length);
    expect(d.lines.find((l) => l.label === 'Value')!.value).toMatch(/^too few cases \(n = [\d.]+ < 20\)$/);
  });

  it('sets both variables for a cell and one for a total', () => {
    const row = model.matrix.rows[0]!;
    const column = model.matrix.columns[0]!;
    expect(variableUpdates(options, row, column)).toEqual({
      'var-region': row.key,
      'var-segment': column.key,
    });
    expect(variableUpdates(options, row, null)).toEqual({ 'var-region': row.key });
    expect(variableUpdates({ rowVariable: '', columnVariable: 'seg' }, row, column)).toEqual({
      'var-seg': column.key,
    });
    expect(linkScopedVars(options, row, column)).toMatchObject({
      region: { value: row.key, text: row.name },
      __field: { value: { labels: { region: row.key, segment: column.key } } },
    });
  });

  it('explains an empty panel, in either language', () => {
    expect(buildModel([], options, theme, 'en')).toMatchObject({ empty: true, reason: 'No data' });
    expect(buildModel([], options, theme, 'zh')).toMatchObject({ empty: true, reason: '无数据' });
    const wrongLabels = buildModel(frames, { ...options, rowDimension: 'city' }, theme, 'en');
    expect(wrongLabels.reason).toBe('No series has both the "city" and "segment" labels');
    expect(buildModel(frames, { ...options, rowDimension: 'city' }, theme, 'zh').reason).toBe(
      '没有同时带有“city”和“segment”标签的序列',
    );
  });
});

describe('value mode on a range query', () => {
  it('reduces each series with the chosen reducer before summing totals', () => {
    const range = fixture('customers-range');
    const frames = toDataFrames(range, 'A', 'time_series');
    const lastSum = range.data.result.reduce((a, s) => a + Number(s.values![s.values!.length - 1]![1]), 0);
    const points = range.data.result.reduce((a, s) => a + s.values!.length, 0);
    const grand = (reducer: string): number | null =>
      buildModel(frames, { ...defaultOptions, reducer }, theme, 'zh').matrix.grand.value;
    expect(grand('lastNotNull')).toBe(lastSum);
    // count per series, then summed: the number of points in the whole response.
    expect(grand('count')).toBe(points);
    expect(points).toBeGreaterThan(range.data.result.length);
  });
});

describe('display names of rows and columns', () => {
  const info = fixture('region-info');
  const strip = (r: PromResponse): PromResponse => ({
    ...r,
    data: {
      ...r.data,
      result: r.data.result.map(({ metric: { name: _n, ...metric }, ...s }) => ({ ...s, metric })),
    },
  });
  const regionName = new Map(info.data.result.map((s) => [s.metric.region, s.metric.name]));

  function model(mappings: ValueMapping[] | undefined, language: 'zh' | 'en', withInfo = true) {
    const frames = [
      ...toDataFrames(strip(late), 'A', 'time_series'),
      ...toDataFrames(strip(due), 'B', 'time_series'),
      ...(withInfo ? toDataFrames(info, 'C', 'time_series') : []),
    ];
    for (const f of frames) {
      for (const field of f.fields) {
        if (field.type === FieldType.number) {
          field.config = { unit: 'percent', decimals: 1, mappings };
        }
      }
    }
    return buildModel(frames, options, theme, language);
  }

  it('names regions from a crm_region_info query of their own, which adds no rows', () => {
    const m = model(undefined, 'zh').matrix;
    expect(m.rows).toHaveLength(new Set(due.data.result.map((s) => s.metric.region)).size);
    for (const row of m.rows) {
      expect(row.name).toBe(regionName.get(row.key));
    }
    // Without it, the codes show.
    expect(model(undefined, 'zh', false).matrix.rows.every((r) => r.name === r.key)).toBe(true);
  });

  it('names segments from the dictionary in the panel’s language when no mapping says otherwise', () => {
    const names = (language: 'zh' | 'en') =>
      Object.fromEntries(model(undefined, language).matrix.columns.map((c) => [c.key, c.name]));
    expect(names('zh')).toMatchObject({ residential: '居民', commercial: '工商业', key_account: '大客户' });
    expect(names('en')).toMatchObject({ residential: 'Residential', key_account: 'Key accounts' });
  });

  it('lets value mappings win over the data’s names and the dictionary, and keeps them off the numbers', () => {
    const mappings: ValueMapping[] = [
      {
        type: MappingType.ValueToText,
        options: { residential: { text: '城乡居民' }, 'ah.wuhu.jinghu': { text: '镜湖' } },
      },
      // A mapping meant for a label value "1" must not turn a cell showing 1 into "一".
      { type: MappingType.ValueToText, options: { '1': { text: '一' } } },
    ];
    const mapped = model(mappings, 'zh');
    expect(mapped.matrix.columns.find((c) => c.key === 'residential')?.name).toBe('城乡居民');
    expect(mapped.matrix.columns.find((c) => c.key === 'commercial')?.name).toBe('工商业');
    expect(mapped.matrix.rows.find((r) => r.key === 'ah.wuhu.jinghu')?.name).toBe('镜湖');
    expect(mapped.matrix.rows.find((r) => r.key === 'ah.wuhu.nanling')?.name).toBe('南陵县');
    expect(mapped.format(1)).toBe('1.0%');
  });
});
