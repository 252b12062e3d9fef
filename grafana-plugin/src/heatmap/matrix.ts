/**
 * Readings → matrix: rows × columns of cells with row, column and grand totals, in display order.
 */
import { HeatmapOptions } from '../types';
import { Cell, NO_DATA, RatioSettings, ratioCell, ratioTotal, valueCell, valueTotal } from './cells';
import { AxisEntry, orderAxis } from './order';
import { Readings } from './samples';

export interface Matrix {
  rows: AxisEntry[];
  columns: AxisEntry[];
  /** Row-major: cells[r * columns.length + c]. */
  cells: Cell[];
  grand: Cell;
}

export type MatrixOptions = Pick<
  HeatmapOptions,
  | 'mode'
  | 'scale'
  | 'complement'
  | 'minDenominator'
  | 'valueTotal'
  | 'direction'
  | 'rowOrder'
  | 'columnOrder'
  | 'customRowOrder'
  | 'customColumnOrder'
>;

/** One axis as the matrix needs it: keys and the names to show, by axis id. */
export interface AxisLabels {
  keys: string[];
  names: string[];
}

export function cellAt(m: Matrix, row: number, column: number): Cell {
  return m.cells[row * m.columns.length + column] ?? NO_DATA;
}

/**
 * @param numerator the value query (value mode) or the numerator query (ratio mode)
 * @param denominator the denominator query; ignored in value mode
 */
export function buildMatrix(
  rowAxis: AxisLabels,
  columnAxis: AxisLabels,
  numerator: Readings,
  denominator: Readings,
  o: MatrixOptions,
): Matrix {
  const ratio = o.mode === 'ratio';
  const width = columnAxis.keys.length;
  const size = rowAxis.keys.length * width;
  const num = sumByCell(numerator, width, size);
  const den = ratio ? sumByCell(denominator, width, size) : num;
  const settings: RatioSettings = {
    scale: o.scale,
    complement: o.complement,
    minDenominator: o.minDenominator,
  };
  const known = (x: number): number | null => (Number.isNaN(x) ? null : x);
  // In axis-id order first: totals decide some orders.
  const grid: Cell[] = new Array<Cell>(size);
  for (let i = 0; i < size; i++) {
    grid[i] = ratio ? ratioCell(known(num[i]!), known(den[i]!), settings) : valueCell(known(num[i]!));
  }
  const total = (cells: Cell[]): Cell =>
    ratio ? ratioTotal(cells, settings) : valueTotal(cells, o.valueTotal);

  const rows: AxisEntry[] = rowAxis.keys.map((key, r) => ({
    key,
    name: rowAxis.names[r]!,
    total: total(grid.slice(r * width, (r + 1) * width)),
  }));
  const columns: AxisEntry[] = columnAxis.keys.map((key, c) => {
    const line: Cell[] = [];
    for (let i = c; i < size; i += width) {
      line.push(grid[i]!);
    }
    return { key, name: columnAxis.names[c]!, total: total(line) };
  });
  const grand = total(grid);

  const rowOrder = orderAxis(rows, o.rowOrder, o.direction, o.customRowOrder);
  const columnOrder = orderAxis(columns, o.columnOrder, o.direction, o.customColumnOrder);
  const cells = new Array<Cell>(size);
  let k = 0;
  for (const r of rowOrder) {
    for (const c of columnOrder) {
      cells[k++] = grid[r * width + c]!;
    }
  }
  return { rows: rowOrder.map((i) => rows[i]!), columns: columnOrder.map((j) => columns[j]!), cells, grand };
}

/** Series that land in the same cell (e.g. not aggregated over `type`) are summed; NaN: no usable value. */
function sumByCell(readings: Readings, width: number, size: number): Float64Array {
  const sums = new Float64Array(size).fill(NaN);
  for (let i = 0; i < readings.values.length; i++) {
    const value = readings.values[i];
    if (value !== null && value !== undefined) {
      const at = readings.rows[i]! * width + readings.columns[i]!;
      const seen = sums[at]!;
      sums[at] = Number.isNaN(seen) ? value : seen + value;
    }
  }
  return sums;
}
