/**
 * Readings → matrix: rows × columns of cells with row, column and grand totals, in display order.
 *
 * Cells are kept as their sums in typed arrays and made into Cell objects only when asked for (the
 * visible ones, the hovered one): 100k cells cost no 100k objects.
 */
import { HeatmapOptions } from '../types';
import { Cell, NO_DATA, RatioSettings, Total, colouredValue, ratioCell, valueCell } from './cells';
import { Extent } from './colour';
import { AxisEntry, orderAxis } from './order';
import { Readings } from './samples';

export interface Matrix {
  rows: AxisEntry[];
  columns: AxisEntry[];
  /** Row-major in display order, cell (r, c) at r * columns.length + c: summed numerators (the values in value mode), NaN for none. */
  numerators: Float64Array;
  /** Ratio mode: summed denominators, NaN for none. */
  denominators: Float64Array;
  grand: Cell;
  /** How sums become a cell: ratio settings, or null in value mode. */
  ratio: RatioSettings | null;
  /** The lowest and highest value cells are coloured by (masked and no-data cells have none). */
  extent: Extent;
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
  if (row < 0 || column < 0 || row >= m.rows.length || column >= m.columns.length) {
    return NO_DATA;
  }
  return cellOf(m, row * m.columns.length + column);
}

/** The cell at a flat index of the display-order arrays. */
export function cellOf(m: Matrix, i: number): Cell {
  const known = (x: number): number | null => (Number.isNaN(x) ? null : x);
  return m.ratio
    ? ratioCell(known(m.numerators[i]!), known(m.denominators[i]!), m.ratio)
    : valueCell(known(m.numerators[i]!));
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
  const ratio: RatioSettings | null =
    o.mode === 'ratio'
      ? { scale: o.scale, complement: o.complement, minDenominator: o.minDenominator }
      : null;
  const height = rowAxis.keys.length;
  const width = columnAxis.keys.length;
  const num = sumByCell(numerator, width, height * width);
  const den = ratio ? sumByCell(denominator, width, height * width) : num;

  // Totals in axis-id order first: they decide some orders. The same pass finds the coloured values'
  // extent (the colour scale's range), so no pass and no array of 100k values is needed for it.
  const rowTotals = rowAxis.keys.map(() => new Total());
  const columnTotals = columnAxis.keys.map(() => new Total());
  const grandTotal = new Total();
  let low = Infinity;
  let high = -Infinity;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const n = num[i]!;
      const d = den[i]!;
      if (ratio) {
        rowTotals[r]!.addRatio(n, d);
        columnTotals[c]!.addRatio(n, d);
        grandTotal.addRatio(n, d);
      } else {
        rowTotals[r]!.addValue(n);
        columnTotals[c]!.addValue(n);
        grandTotal.addValue(n);
      }
      const v = colouredValue(n, d, ratio);
      low = v < low ? v : low; // NaN (masked, no data) compares false
      high = v > high ? v : high;
    }
  }
  const totalCell = (t: Total): Cell => (ratio ? t.ratioCell(ratio) : t.valueCell(o.valueTotal));
  const entries = (axis: AxisLabels, totals: Total[]): AxisEntry[] =>
    axis.keys.map((key, id) => ({ key, name: axis.names[id]!, total: totalCell(totals[id]!) }));
  const rows = entries(rowAxis, rowTotals);
  const columns = entries(columnAxis, columnTotals);

  const rowOrder = orderAxis(rows, o.rowOrder, o.direction, o.customRowOrder);
  const columnOrder = orderAxis(columns, o.columnOrder, o.direction, o.customColumnOrder);
  // Data often arrives in display order already: then the sums are the display-order arrays as they are.
  const inOrder = isIdentity(rowOrder) && isIdentity(columnOrder);
  const numerators = inOrder ? num : new Float64Array(height * width);
  const denominators = !ratio ? numerators : inOrder ? den : new Float64Array(height * width);
  if (!inOrder) {
    let k = 0;
    for (let i = 0; i < rowOrder.length; i++) {
      const from = rowOrder[i]! * width;
      for (let j = 0; j < columnOrder.length; j++) {
        numerators[k] = num[from + columnOrder[j]!]!;
        if (ratio) {
          denominators[k] = den[from + columnOrder[j]!]!;
        }
        k++;
      }
    }
  }
  return {
    rows: rowOrder.map((i) => rows[i]!),
    columns: columnOrder.map((j) => columns[j]!),
    numerators,
    denominators,
    grand: totalCell(grandTotal),
    ratio,
    extent: { low, high },
  };
}

function isIdentity(order: number[]): boolean {
  for (let i = 0; i < order.length; i++) {
    if (order[i] !== i) {
      return false;
    }
  }
  return true;
}

/** Series that land in the same cell (e.g. not aggregated over `type`) are summed; NaN: no usable value. */
function sumByCell(readings: Readings, width: number, size: number): Float64Array {
  const sums = new Float64Array(size).fill(NaN);
  for (let i = 0; i < readings.length; i++) {
    const value = readings.values[i]!;
    if (!Number.isNaN(value)) {
      const at = readings.rows[i]! * width + readings.columns[i]!;
      const seen = sums[at]!;
      sums[at] = Number.isNaN(seen) ? value : seen + value;
    }
  }
  return sums;
}
