/**
 * Harness scenarios: which fixtures feed which refIds, in which format, with which panel options and
 * field config — the same things a dashboard JSON would hold.
 */
import { FieldColorModeId, FieldConfig, MappingType, ThresholdsMode, ValueMapping } from '@grafana/data';
import { LABEL_VALUES, Language } from '@service-kpi-monitor/catalog';

import { HeatmapOptions, defaultOptions } from '../src/types';
import { HOSTILE_COLUMN, HOSTILE_ROW } from './hostile';
import { Format, PromResponse } from './prometheus';

export interface ScenarioQuery {
  refId: string;
  fixture: string;
  format: Format;
}

export interface Scenario {
  title: string;
  options: HeatmapOptions;
  defaults: FieldConfig;
  queries: ScenarioQuery[];
  /** Changes the loaded responses before conversion (the XSS scenario plants hostile labels). */
  alter?: (refId: string, response: PromResponse) => PromResponse;
  /** The label whose display names reach the panel as value mappings, in the harness's language. */
  mappings?: keyof typeof LABEL_VALUES;
}

/** A label's display names as the dashboards put them into a heat map's field config: one ValueToText mapping. */
export function mappingsFor(label: keyof typeof LABEL_VALUES, language: Language): ValueMapping[] {
  const names = LABEL_VALUES[label] ?? {};
  const options = Object.fromEntries(
    Object.entries(names).map(([value, text], index) => [value, { text: text[language], index }]),
  );
  return [{ type: MappingType.ValueToText, options }];
}

const withoutName = (response: PromResponse): PromResponse => ({
  ...response,
  data: {
    ...response.data,
    result: response.data.result.map(({ metric: { name: _name, ...metric }, ...series }) => ({
      ...series,
      metric,
    })),
  },
});

const timelinessDefaults: FieldConfig = {
  unit: 'percent',
  decimals: 1,
  color: { mode: FieldColorModeId.ContinuousBlYlRd },
  thresholds: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] },
  links: [
    {
      title: 'Open ${__field.labels.region} / ${segment}',
      url: '/d/region-detail?var-region=${region}&var-segment=${segment}',
    },
  ],
};

/**
 * As the generated dashboards query it: late and due without names, crm_region_info as a query of its
 * own (C), segment names as value mappings.
 */
const timeliness: Scenario = {
  title: '工单按时办结率 Work-order closure timeliness (1 − late / due)',
  options: {
    ...defaultOptions,
    mode: 'ratio',
    numeratorRefId: 'A',
    denominatorRefId: 'B',
    scale: 100,
    complement: true,
    target: 95,
    minDenominator: 20,
    direction: 'higherIsBetter',
  },
  defaults: timelinessDefaults,
  queries: [
    { refId: 'A', fixture: 'closure-late', format: 'time_series' },
    { refId: 'B', fixture: 'closure-due', format: 'time_series' },
    { refId: 'C', fixture: 'region-info', format: 'time_series' },
  ],
  alter: (refId, response) => (refId === 'C' ? response : withoutName(response)),
  mappings: 'segment',
};

export const SCENARIOS: Record<string, Scenario> = {
  timeliness,
  customers: {
    title: 'Active customers (table format)',
    options: { ...defaultOptions, mode: 'value', valueTotal: 'sum', rowOrder: 'total', columnOrder: 'total' },
    defaults: { unit: 'short', decimals: 0, color: { mode: FieldColorModeId.ContinuousBlPu } },
    queries: [{ refId: 'A', fixture: 'customers', format: 'table' }],
  },
  'customers-range': {
    title: 'Active customers (range query, last value)',
    options: { ...defaultOptions, mode: 'value', reducer: 'lastNotNull' },
    defaults: { unit: 'short', decimals: 0, color: { mode: FieldColorModeId.ContinuousBlPu } },
    queries: [{ refId: 'A', fixture: 'customers-range', format: 'time_series' }],
  },
  xss: {
    ...timeliness,
    title: 'Hostile labels are shown as text',
    alter: (refId, response) =>
      refId === 'C'
        ? response
        : {
            ...response,
            data: {
              ...response.data,
              result: response.data.result.map((s) => ({
                ...s,
                metric: {
                  ...s.metric,
                  name: s.metric.region === 'ah.wuhu.jinghu' ? HOSTILE_ROW : (s.metric.name ?? ''),
                  segment: s.metric.segment === 'other' ? HOSTILE_COLUMN : (s.metric.segment ?? ''),
                },
              })),
            },
          },
  },
};

/** A synthetic `rows × columns` ratio matrix in the Prometheus vector shape, for the benchmark. */
export function syntheticPair(rows: number, columns: number): { late: PromResponse; due: PromResponse } {
  const late: PromResponse['data']['result'] = [];
  const due: PromResponse['data']['result'] = [];
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const metric = {
        region: `r${String(r).padStart(4, '0')}`,
        segment: `s${String(c).padStart(2, '0')}`,
        name: `Region ${r}`,
      };
      const d = Math.round(5 + random() * 200);
      due.push({ metric, value: [1795420800, String(d)] });
      late.push({ metric, value: [1795420800, String(Math.round(d * random() * 0.12))] });
    }
  }
  const wrap = (result: PromResponse['data']['result']): PromResponse => ({
    status: 'success',
    data: { resultType: 'vector', result },
  });
  return { late: wrap(late), due: wrap(due) };
}
