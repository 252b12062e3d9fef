/**
 * Samples → matrix: rows × columns of cells with row, column and grand totals, in display order.
 */
import { HeatmapOptions } from '../types';
import { Cell, NO_DATA, RatioSettings, ratioCell, ratioTotal, valueCell, valueTotal } from './cells';
import { AxisEntry, byName, orderAxis } from './order';
import { Sample } from './samples';

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

export function cellAt(m: Matrix, row: number, column: number): Cell {
  return m.cells[row * m.columns.length + column] ?? NO_DATA;
}

/**
 * @param numerators the value query (value mode) or the numerator query (ratio mode)
 * @param denominators the denominator query; ignored in value mode
 */
export function buildMatrix(numerators: Sample[], denominators: Sample[], o: MatrixOptions): Matrix {
  const ratio = o.mode === 'ratio';
  const inputs = ratio ? [...numerators, ...denominators] : numerators;
  const rowKeys = axisKeys(
    inputs,
    (s) => s.row,
    (s) => s.rowName,
  );
  const columnKeys = axisKeys(
    inputs,
    (s) => s.column,
    (s) => s.columnName,
  );

  const numAt = indexByCell(numerators);
  const denAt = indexByCell(denominators);
  const settings: RatioSettings = {
    scale: o.scale,
    complement: o.complement,
    minDenominator: o.minDenominator,
  };
  const makeCell = (row: string, column: string): Cell => {
    const key = cellKey(row, column);
    return ratio
      ? ratioCell(numAt.get(key) ?? null, denAt.get(key) ?? null, settings)
      : valueCell(numAt.get(key) ?? null);
  };
  const total = (cells: Cell[]): Cell =>
    ratio ? ratioTotal(cells, settings) : valueTotal(cells, o.valueTotal);

  // Build in name order, then compute totals, then reorder (ordering may depend on totals).
  const grid = rowKeys.map((r) => columnKeys.map((c) => makeCell(r.key, c.key)));
  const rows: AxisEntry[] = rowKeys.map((r, i) => ({ ...r, total: total(grid[i]!) }));
  const columns: AxisEntry[] = columnKeys.map((c, j) => ({
    ...c,
    total: total(grid.map((line) => line[j]!)),
  }));
  const grand = total(grid.flat());

  const rowOrder = orderAxis(rows, o.rowOrder, o.direction, o.customRowOrder);
  const columnOrder = orderAxis(columns, o.columnOrder, o.direction, o.customColumnOrder);
  const cells: Cell[] = [];
  for (const r of rowOrder) {
    for (const c of columnOrder) {
      cells.push(grid[r]![c]!);
    }
  }
  return { rows: rowOrder.map((i) => rows[i]!), columns: columnOrder.map((j) => columns[j]!), cells, grand };
}

function cellKey(row: string, column: string): string {
  return row + '\u0000' + column;
}

function indexByCell(samples: Sample[]): Map<string, number | null> {
  return new Map(samples.map((s) => [cellKey(s.row, s.column), s.value]));
}

/** Distinct keys with their display names (the first name found wins), sorted by name. */
function axisKeys(
  samples: Sample[],
  key: (s: Sample) => string,
  name: (s: Sample) => string | undefined,
): Array<{ key: string; name: string; total: Cell }> {
  const names = new Map<string, string | undefined>();
  for (const s of samples) {
    const k = key(s);
    if (!names.has(k) || names.get(k) === undefined) {
      names.set(k, name(s));
    }
  }
  return [...names].map(([k, n]) => ({ key: k, name: n || k, total: NO_DATA })).sort(byName);
}
