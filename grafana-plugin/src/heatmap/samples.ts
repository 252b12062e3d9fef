/**
 * Frames → samples: one number per (row key, column key) for one query.
 *
 * Accepts what Grafana's Prometheus datasource returns: time-series frames (a time field and a number
 * field carrying the series labels) and table frames (label columns plus "Value #A"), from instant or
 * range queries. A range series is reduced to one number with a Grafana reducer; several series that
 * land in the same cell (e.g. not aggregated over `type`) are summed after reduction.
 */
import { DataFrame, Field, FieldType, reduceField } from '@grafana/data';

export interface Dimensions {
  rowDimension: string;
  columnDimension: string;
  rowDisplayLabel?: string;
  columnDisplayLabel?: string;
}

export interface Sample {
  row: string;
  column: string;
  /** Display names found in the display-label labels, when present. */
  rowName?: string;
  columnName?: string;
  /** null when the series had no usable value (all null/NaN). */
  value: number | null;
}

export interface Extraction {
  samples: Sample[];
  /** Series that lacked the row or column label and so could not be placed. */
  unplaced: number;
}

type Labels = Record<string, string>;

export function extractSamples(
  frames: DataFrame[],
  refId: string | undefined,
  dims: Dimensions,
  reducer: string,
): Extraction {
  const series: Array<{ labels: Labels; values: unknown[] }> = [];
  for (const frame of frames) {
    if (refId && frame.refId !== refId) {
      continue;
    }
    series.push(...(isTable(frame, dims) ? tableSeries(frame) : timeSeries(frame)));
  }

  const samples: Sample[] = [];
  let unplaced = 0;
  for (const { labels, values } of series) {
    const row = labels[dims.rowDimension];
    const column = labels[dims.columnDimension];
    if (row === undefined || column === undefined) {
      unplaced++;
      continue;
    }
    samples.push({
      row,
      column,
      rowName: dims.rowDisplayLabel ? labels[dims.rowDisplayLabel] : undefined,
      columnName: dims.columnDisplayLabel ? labels[dims.columnDisplayLabel] : undefined,
      value: reduceValues(values, reducer),
    });
  }
  return { samples: sumByCell(samples), unplaced };
}

/** A table frame carries the dimensions as string columns rather than as labels on the value field. */
function isTable(frame: DataFrame, dims: Dimensions): boolean {
  return frame.fields.some(
    (f) => f.type === FieldType.string && (f.name === dims.rowDimension || f.name === dims.columnDimension),
  );
}

function timeSeries(frame: DataFrame): Array<{ labels: Labels; values: unknown[] }> {
  return frame.fields
    .filter((f) => f.type === FieldType.number)
    .map((f) => ({ labels: { ...f.labels }, values: f.values }));
}

/** Groups table rows by their full label set (one group per series), keeping row order within a group. */
function tableSeries(frame: DataFrame): Array<{ labels: Labels; values: unknown[] }> {
  const labelFields = frame.fields.filter((f) => f.type === FieldType.string);
  const valueFields = frame.fields.filter((f) => f.type === FieldType.number);
  const groups = new Map<string, { labels: Labels; values: unknown[] }>();
  for (const valueField of valueFields) {
    for (let i = 0; i < frame.length; i++) {
      const labels: Labels = { ...valueField.labels };
      for (const lf of labelFields) {
        const v: unknown = lf.values[i];
        if (v !== null && v !== undefined && v !== '') {
          labels[lf.name] = String(v);
        }
      }
      const key = valueField.name + '\u0000' + JSON.stringify(labels);
      let group = groups.get(key);
      if (!group) {
        group = { labels, values: [] };
        groups.set(key, group);
      }
      group.values.push(valueField.values[i]);
    }
  }
  return [...groups.values()];
}

/** Reducers whose result on a single value is that value (an instant query gives one value per series). */
const IDENTITY_ON_ONE = new Set([
  'lastNotNull',
  'last',
  'firstNotNull',
  'first',
  'mean',
  'min',
  'max',
  'sum',
  'median',
]);

function reduceValues(values: unknown[], reducer: string): number | null {
  // Prometheus sends NaN for 0/0 and the like; to the heat map that is "no value", not a number.
  if (values.length === 1 && IDENTITY_ON_ONE.has(reducer)) {
    // Fast path (100k instant series): skips building a Field per series for reduceField.
    const only = values[0];
    return typeof only === 'number' && Number.isFinite(only) ? only : null;
  }
  const clean = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const field: Field = { name: 'value', type: FieldType.number, config: {}, values: clean, state: {} };
  const result: unknown = reduceField({ field, reducers: [reducer] })[reducer];
  return typeof result === 'number' && Number.isFinite(result) ? result : null;
}

/** Sums samples that fall into the same cell; a cell is null only when all its parts are. */
export function sumByCell(samples: Sample[]): Sample[] {
  const byCell = new Map<string, Sample>();
  for (const s of samples) {
    const key = s.row + '\u0000' + s.column;
    const seen = byCell.get(key);
    if (!seen) {
      byCell.set(key, { ...s });
      continue;
    }
    seen.rowName ??= s.rowName;
    seen.columnName ??= s.columnName;
    if (s.value !== null) {
      seen.value = (seen.value ?? 0) + s.value;
    }
  }
  return [...byCell.values()];
}
