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

const counts = new Map<string, Intl.NumberFormat>();

/** row === rows.length / column === columns.length address the totals. */
export function describeCell(
  model: HeatmapModel,
  o: Pick<
    HeatmapOptions,
    'mode' | 'target' | 'direction' | 'minDenominator' | 'rowDimension' | 'columnDimension'
  >,
  row: number,
  column: number,
): CellDescription {
  const m = model.matrix;
  const text = model.text;
  const fmt = countFormat(text.locale);
  const r = m.rows[row] ?? null;
  const c = m.columns[column] ?? null;
  const cell = r && c ? cellAt(m, row, column) : r ? r.total : c ? c.total : m.grand;
  const total = text.word('total');
  const title = `${r ? r.name : total} · ${c ? c.name : total}`;

  const lines: CellDescription['lines'] = [];
  if (r && r.name !== r.key) {
    lines.push({ label: text.keyOf('row', o.rowDimension), value: r.key });
  }
  if (c && c.name !== c.key) {
    lines.push({ label: text.keyOf('column', o.columnDimension), value: c.key });
  }
  lines.push({ label: text.word('value'), value: valueText(model, cell, o.minDenominator) });
  if (o.mode === 'ratio' && (cell.numerator !== null || cell.denominator !== null)) {
    lines.push({
      label: text.word('numeratorDenominator'),
      value: `${fmt(cell.numerator)} / ${fmt(cell.denominator)}`,
    });
  }
  if (o.target !== undefined && o.target !== null) {
    lines.push({ label: text.word('target'), value: model.format(o.target) });
    if (cell.state === 'value' && cell.value !== null) {
      lines.push({
        label: text.word('gapToTarget'),
        value: gapText(model, cell.value, o.target, o.direction),
      });
    }
  }
  return { row: r, column: c, cell, title, lines };
}

export function valueText(model: HeatmapModel, cell: Cell, minDenominator: number): string {
  const fmt = countFormat(model.text.locale);
  switch (cell.state) {
    case 'value':
      return model.format(cell.value as number);
    case 'masked':
      return model.text.tooFewCases(fmt(cell.denominator), fmt(minDenominator));
    case 'noData':
    default:
      return cell.denominator === 0 ? model.text.noCases() : model.text.word('noData');
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
    return model.text.word('onTarget');
  }
  const size = model.format(Math.abs(value - target));
  return better > 0 ? model.text.better(size) : model.text.worse(size);
}

/** One line for screen readers. */
export function announce(model: HeatmapModel, d: CellDescription): string {
  return model.text.sentence(d.title, d.lines);
}

/** Plain counts (n, numerator / denominator) in the panel's locale. */
function countFormat(locale: string): (n: number | null) => string {
  let format = counts.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    counts.set(locale, format);
  }
  const f = format;
  return (n) => (n === null ? '–' : f.format(n));
}
