/**
 * What the tooltip and the screen-reader announcement say about a cell: plain strings, never HTML.
 */
import { HeatmapOptions } from '../types';
import { Cell } from './cells';
import { cellAt } from './matrix';
import { HeatmapModel } from './model';
import { AxisEntry } from './order';

export interface CellDescription {
  row: AxisEntry | null;
  column: AxisEntry | null;
  cell: Cell;
  /** Heading: "row · column" with totals named as such. */
  title: string;
  lines: Array<{ label: string; value: string }>;
}

export const TOTAL = 'Total';

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** row === rows.length / column === columns.length address the totals. */
export function describeCell(
  model: HeatmapModel,
  o: Pick<HeatmapOptions, 'mode' | 'target' | 'direction' | 'minDenominator'>,
  row: number,
  column: number,
): CellDescription {
  const m = model.matrix;
  const r = m.rows[row] ?? null;
  const c = m.columns[column] ?? null;
  const cell = r && c ? cellAt(m, row, column) : r ? r.total : c ? c.total : m.grand;
  const title = `${r ? r.name : TOTAL} · ${c ? c.name : TOTAL}`;

  const lines: CellDescription['lines'] = [];
  if (r && r.name !== r.key) {
    lines.push({ label: 'Row key', value: r.key });
  }
  if (c && c.name !== c.key) {
    lines.push({ label: 'Column key', value: c.key });
  }
  lines.push({ label: 'Value', value: valueText(model, cell, o.minDenominator) });
  if (o.mode === 'ratio' && (cell.numerator !== null || cell.denominator !== null)) {
    lines.push({
      label: 'Numerator / denominator',
      value: `${fmt(cell.numerator)} / ${fmt(cell.denominator)}`,
    });
  }
  if (o.target !== undefined && o.target !== null) {
    lines.push({ label: 'Target', value: model.format(o.target) });
    if (cell.state === 'value' && cell.value !== null) {
      lines.push({ label: 'Gap to target', value: gapText(model, cell.value, o.target, o.direction) });
    }
  }
  return { row: r, column: c, cell, title, lines };
}

export function valueText(model: HeatmapModel, cell: Cell, minDenominator: number): string {
  switch (cell.state) {
    case 'value':
      return model.format(cell.value as number);
    case 'masked':
      return `too few cases (n = ${fmt(cell.denominator)} < ${fmt(minDenominator)})`;
    case 'noData':
    default:
      return cell.denominator === 0 ? 'no cases (n = 0)' : 'no data';
  }
}

/** Signed so that "+" always means better than target, whatever the direction. */
export function gapText(
  model: HeatmapModel,
  value: number,
  target: number,
  direction: HeatmapOptions['direction'],
): string {
  const better = direction === 'higherIsBetter' ? value - target : target - value;
  if (better === 0) {
    return 'on target';
  }
  const size = model.format(Math.abs(value - target));
  return better > 0 ? `${size} better` : `${size} worse`;
}

/** One line for screen readers. */
export function announce(d: CellDescription): string {
  return [d.title, ...d.lines.map((l) => `${l.label}: ${l.value}`)].join('. ');
}

function fmt(n: number | null): string {
  return n === null ? '–' : count.format(n);
}
