/**
 * Prometheus HTTP API responses → Grafana DataFrames, shaped the way Grafana's Prometheus datasource
 * hands them to a panel:
 *
 * - format "time series": one frame per series with a `Time` field and a `Value` field that carries the
 *   series labels (dataplane "timeseries-multi"; instant queries give one row per frame);
 * - format "table": one frame per query with `Time`, one string column per label (sorted) and
 *   `Value #<refId>`, one row per sample.
 *
 * Only the harness and the tests use this; inside Grafana the datasource does it.
 */
import { DataFrame, DataFrameType, FieldType, createDataFrame } from '@grafana/data';

type PromSample = [number, string];
interface PromSeries {
  metric: Record<string, string>;
  value?: PromSample;
  values?: PromSample[];
}
export interface PromResponse {
  status: 'success' | 'error';
  data: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: PromSeries[] };
}

export type Format = 'time_series' | 'table';

function samples(s: PromSeries): PromSample[] {
  return s.values ?? (s.value ? [s.value] : []);
}

/** Prometheus encodes values as strings, including "NaN", "+Inf" and "-Inf". */
function parseValue(v: string): number {
  return v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
}

export function toDataFrames(response: PromResponse, refId: string, format: Format): DataFrame[] {
  if (response.status !== 'success') {
    throw new Error(`Prometheus query ${refId} failed`);
  }
  const series = response.data.result;
  return format === 'table' ? [toTable(series, refId)] : series.map((s) => toTimeSeries(s, refId));
}

function toTimeSeries(s: PromSeries, refId: string): DataFrame {
  const points = samples(s);
  const { __name__: name, ...labels } = s.metric;
  return createDataFrame({
    refId,
    name: name,
    meta: { type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1] },
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([t]) => t * 1000), config: {} },
      {
        name: 'Value',
        type: FieldType.number,
        labels: name ? { __name__: name, ...labels } : labels,
        values: points.map(([, v]) => parseValue(v)),
        config: {},
      },
    ],
  });
}

function toTable(series: PromSeries[], refId: string): DataFrame {
  const labelNames = [...new Set(series.flatMap((s) => Object.keys(s.metric)))].sort();
  const rows = series.flatMap((s) => samples(s).map((p) => ({ metric: s.metric, t: p[0], v: p[1] })));
  return createDataFrame({
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.t * 1000), config: {} },
      ...labelNames.map((label) => ({
        name: label,
        type: FieldType.string,
        values: rows.map((r) => r.metric[label] ?? ''),
        config: { filterable: true },
      })),
      {
        name: `Value #${refId}`,
        type: FieldType.number,
        values: rows.map((r) => parseValue(r.v)),
        config: {},
      },
    ],
  });
}
