/**
 * Frames → readings: one number per series, placed on a row and a column of the heat map.
 *
 * Accepts what Grafana's Prometheus datasource returns: time-series frames (a time field and a number
 * field carrying the series labels) and table frames (label columns plus "Value #A"), from instant or
 * range queries. A range series is reduced to one number with a Grafana reducer. A series that carries
 * the row label and the row display-name label but no column label (e.g. `crm_region_info`) is a name
 * source, not data; likewise for columns.
 *
 * Row and column keys are interned into integer ids as they are met, so that 100k series cost array
 * writes rather than string-keyed map look-ups.
 */
import { DataFrame, Field, FieldType, reduceField } from '@grafana/data';

export interface Dimensions {
  rowDimension: string;
  columnDimension: string;
  rowDisplayLabel?: string;
  columnDisplayLabel?: string;
}

/** The distinct keys of one axis in order of first appearance, with the names the data gives them. */
export class Axis {
  readonly keys: string[] = [];
  /** From the display-name label on the data's own series (the first non-empty one wins). */
  readonly dataNames: Array<string | undefined> = [];
  /** From name-source series such as crm_region_info, by key. */
  readonly sourceNames = new Map<string, string>();
  private readonly ids = new Map<string, number>();
  private lastKey: string | undefined;
  private lastId = -1;

  idOf(key: string, name: string | undefined): number {
    // Series come grouped by row more often than not, columns in the same order in every row: the last
    // key or the one after it saves a map look-up (which hashes the key).
    const next = this.lastId + 1 < this.keys.length ? this.lastId + 1 : 0;
    let id = key === this.lastKey ? this.lastId : key === this.keys[next] ? next : this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      this.dataNames.push(name || undefined);
    } else if (name && this.dataNames[id] === undefined) {
      this.dataNames[id] = name;
    }
    this.lastKey = key;
    this.lastId = id;
    return id;
  }

  get size(): number {
    return this.keys.length;
  }
}

/**
 * One query's series as parallel typed arrays (no boxed number per series): series i < length sits at
 * (rows[i], columns[i]) with values[i], NaN when it had no usable value (all null/NaN).
 */
export class Readings {
  length = 0;
  rows: Int32Array;
  columns: Int32Array;
  values: Float64Array;

  constructor(capacity = 16) {
    this.rows = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(row: number, column: number, value: number | null): void {
    if (this.length === this.values.length) {
      this.rows = grow(this.rows, new Int32Array(this.length * 2));
      this.columns = grow(this.columns, new Int32Array(this.length * 2));
      this.values = grow(this.values, new Float64Array(this.length * 2));
    }
    this.rows[this.length] = row;
    this.columns[this.length] = column;
    this.values[this.length] = value ?? NaN;
    this.length++;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export interface Extraction {
  rows: Axis;
  columns: Axis;
  numerator: Readings;
  denominator: Readings;
  /** Data series that lacked the row or column label and so could not be placed. */
  unplaced: number;
}

export interface QueryChoice {
  /** refId of the value/numerator query; undefined takes every frame that is not a name source. */
  numerator: string | undefined;
  /** refId of the denominator query; null when there is none (value mode). */
  denominator: string | null;
}

type Labels = Record<string, string | undefined>;

export function extract(
  frames: DataFrame[],
  dims: Dimensions,
  queries: QueryChoice,
  reducer: string,
): Extraction {
  // Time-series frames hold one series each, so the frame count is the usual size; in ratio mode the two
  // queries usually share the frames half and half (a list grows if its query has more). Sized to fit,
  // 100k series leave no megabytes of unused typed arrays for the garbage collector to account.
  const capacity = Math.max(16, queries.denominator === null ? frames.length : Math.ceil(frames.length / 2));
  const out: Extraction = {
    rows: new Axis(),
    columns: new Axis(),
    numerator: new Readings(capacity),
    denominator: new Readings(queries.denominator === null ? 16 : capacity),
    unplaced: 0,
  };
  const identityOnOne = IDENTITY_ON_ONE.has(reducer);
  // Indexed loops: this runs once per series while the code is still cold, and an unoptimised for…of
  // allocates an iterator result per step.
  for (let f = 0; f < frames.length; f++) {
    const frame = frames[f]!;
    const isNumerator = queries.numerator === undefined || frame.refId === queries.numerator;
    const isDenominator = queries.denominator !== null && frame.refId === queries.denominator;
    if (isTable(frame, dims)) {
      for (const { labels, values } of tableSeries(frame)) {
        place(out, dims, reducer, identityOnOne, labels, values, isNumerator, isDenominator);
      }
      continue;
    }
    const fields = frame.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (field.type === FieldType.number) {
        place(
          out,
          dims,
          reducer,
          identityOnOne,
          field.labels ?? NO_LABELS,
          field.values,
          isNumerator,
          isDenominator,
        );
      }
    }
  }
  return out;
}

const NO_LABELS: Labels = {};

function place(
  out: Extraction,
  dims: Dimensions,
  reducer: string,
  identityOnOne: boolean,
  labels: Labels,
  values: unknown[],
  isNumerator: boolean,
  isDenominator: boolean,
): void {
  const row = labels[dims.rowDimension];
  const column = labels[dims.columnDimension];
  if (row === undefined || column === undefined) {
    if (!nameSource(row, column, labels, dims, out) && (isNumerator || isDenominator)) {
      out.unplaced++;
    }
    return;
  }
  if (!isNumerator && !isDenominator) {
    return;
  }
  const r = out.rows.idOf(row, dims.rowDisplayLabel ? labels[dims.rowDisplayLabel] : undefined);
  const c = out.columns.idOf(column, dims.columnDisplayLabel ? labels[dims.columnDisplayLabel] : undefined);
  const value = reduceValues(values, reducer, identityOnOne);
  if (isNumerator) {
    out.numerator.push(r, c, value);
  }
  if (isDenominator) {
    out.denominator.push(r, c, value);
  }
}

/** Records the name a name-source series gives (one of row, column is missing); false when it gives none. */
function nameSource(
  row: string | undefined,
  column: string | undefined,
  labels: Labels,
  dims: Dimensions,
  out: Extraction,
): boolean {
  if (row !== undefined && column === undefined && dims.rowDisplayLabel) {
    const name = labels[dims.rowDisplayLabel];
    if (name) {
      out.rows.sourceNames.set(row, name);
      return true;
    }
  }
  if (column !== undefined && row === undefined && dims.columnDisplayLabel) {
    const name = labels[dims.columnDisplayLabel];
    if (name) {
      out.columns.sourceNames.set(column, name);
      return true;
    }
  }
  return false;
}

/** A table frame carries the dimensions as string columns rather than as labels on the value field. */
function isTable(frame: DataFrame, dims: Dimensions): boolean {
  const fields = frame.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.type === FieldType.string && (f.name === dims.rowDimension || f.name === dims.columnDimension)) {
      return true;
    }
  }
  return false;
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

/** `identityOnOne`: IDENTITY_ON_ONE.has(reducer), looked up once per extraction rather than per series. */
function reduceValues(values: unknown[], reducer: string, identityOnOne: boolean): number | null {
  // Prometheus sends NaN for 0/0 and the like; to the heat map that is "no value", not a number.
  if (values.length === 1 && identityOnOne) {
    // Fast path (100k instant series): skips building a Field per series for reduceField.
    const only = values[0];
    return typeof only === 'number' && Number.isFinite(only) ? only : null;
  }
  const clean = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const field: Field = { name: 'value', type: FieldType.number, config: {}, values: clean, state: {} };
  const result: unknown = reduceField({ field, reducers: [reducer] })[reducer];
  return typeof result === 'number' && Number.isFinite(result) ? result : null;
}
