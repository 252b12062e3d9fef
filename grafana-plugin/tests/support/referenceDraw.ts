/**
 * The grid drawn the plain way, from Cell objects: cells a path per colour, then every value with its own
 * font and ink set for it, every label with its own font. The browser test holds drawGrid (cells placed
 * straight from the matrix's sums, texts grouped by weight and ink, fonts set once per weight) to these
 * pixels.
 */
import { GrafanaTheme2 } from '@grafana/data';

import { DrawInput, font } from '../../src/components/draw';
import { Cell } from '../../src/heatmap/cells';
import { Measure, columnX, rowY, truncate, visibleRows } from '../../src/heatmap/layout';
import { cellAt } from '../../src/heatmap/matrix';
import { cellColour } from '../../src/heatmap/model';

export function referenceDraw(
  ctx: CanvasRenderingContext2D,
  { model, layout: l, theme, scrollTop, showValues }: DrawInput,
  measure: Measure,
  hatch: CanvasPattern | string,
): void {
  const m = model.matrix;
  ctx.clearRect(0, 0, l.width, l.height);
  const { first, last } = visibleRows(l, scrollTop);
  const rows = [...Array(last - first).keys()].map((k) => first + k);
  if (l.showTotals && rowY(l, l.rows) - scrollTop < l.height) {
    rows.push(l.rows);
  }
  const columns = [...Array(l.columns + (l.showTotals ? 1 : 0)).keys()];
  const inset = l.cellWidth > 6 && l.cellHeight > 6 ? 1 : 0;
  const w = l.cellWidth - inset;
  const h = l.cellHeight - inset;
  const line = Math.max(1, Math.round(l.fontPx / 14));
  const valuesShown = showValues && l.cellHeight >= l.fontPx * 1.3;
  // Cells as Cell objects, grouped the obvious way: a path per colour (a path per cell would anti-alias
  // shared scanlines a level differently, which is Skia's business, not the panel's), then the masked and
  // the empty ones.
  const paths = new Map<string | CanvasPattern, Array<[number, number]>>();
  const empty: Array<[number, number]> = [];
  for (const r of rows) {
    for (const c of columns) {
      const at: [number, number] = [columnX(l, c), rowY(l, r) - scrollTop];
      const cell = cellOfGrid(model, r, c);
      const colour = colourOfGrid(model, theme, r, c);
      if (colour || cell.state === 'masked') {
        const key = colour ?? hatch;
        paths.set(key, [...(paths.get(key) ?? []), at]);
      } else {
        empty.push(at);
      }
    }
  }
  for (const [fill, cells] of paths) {
    ctx.fillStyle = fill;
    ctx.beginPath();
    cells.forEach(([x, y]) => ctx.rect(x, y, w, h));
    ctx.fill();
  }
  if (empty.length && w > 3 && h > 3) {
    ctx.strokeStyle = theme.colors.border.strong;
    ctx.lineWidth = line;
    ctx.setLineDash([3 * line, 3 * line]);
    ctx.beginPath();
    empty.forEach(([x, y]) => ctx.rect(x + line * 1.5, y + line * 1.5, w - line * 3, h - line * 3));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const r of valuesShown ? rows : []) {
    for (const c of columns) {
      drawValue(ctx, model, theme, r, c, columnX(l, c), rowY(l, r) - scrollTop, w, h, l.fontPx, measure);
    }
  }
  const totalLabel = model.text.word('total');
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const r of l.rowLabelsVisible ? rows : []) {
    ctx.fillStyle = theme.colors.text.primary;
    ctx.font = font(theme, l.fontPx, r === l.rows);
    const name = r === l.rows ? totalLabel : m.rows[r]!.name;
    ctx.fillText(
      truncate(name, l.rowLabelWidth - 2 * l.padding, l.fontPx, measure),
      l.padding,
      rowY(l, r) - scrollTop + h / 2,
    );
  }
  ctx.clearRect(0, 0, l.width, l.headerHeight);
  ctx.textAlign = 'center';
  for (const c of columns) {
    ctx.fillStyle = theme.colors.text.primary;
    ctx.font = font(theme, l.fontPx, c === l.columns);
    const name = c === l.columns ? totalLabel : m.columns[c]!.name;
    ctx.fillText(
      truncate(name, l.cellWidth - l.padding, l.fontPx, measure),
      columnX(l, c) + w / 2,
      l.headerHeight / 2,
    );
  }
}

function cellOfGrid(model: DrawInput['model'], r: number, c: number): Cell {
  const m = model.matrix;
  if (r < m.rows.length && c < m.columns.length) {
    return cellAt(m, r, c);
  }
  return r === m.rows.length && c === m.columns.length
    ? m.grand
    : r === m.rows.length
      ? m.columns[c]!.total
      : m.rows[r]!.total;
}

function colourOfGrid(model: DrawInput['model'], theme: GrafanaTheme2, r: number, c: number): string | null {
  const cell = cellOfGrid(model, r, c);
  const total = r === model.matrix.rows.length || c === model.matrix.columns.length;
  return total && !model.totalsComparable && cell.state === 'value'
    ? theme.colors.background.secondary
    : cellColour(model, cell);
}

/** One cell's value: its own font and ink set for it. */
function drawValue(
  ctx: CanvasRenderingContext2D,
  model: DrawInput['model'],
  theme: GrafanaTheme2,
  r: number,
  c: number,
  x: number,
  y: number,
  w: number,
  h: number,
  fontPx: number,
  measure: Measure,
): void {
  const colour = colourOfGrid(model, theme, r, c);
  if (!colour) {
    return;
  }
  const text = model.format(cellOfGrid(model, r, c).value as number);
  if (measure(text.replace(/\d/g, '0'), fontPx) > w - 4) {
    return;
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = font(theme, fontPx, r === model.matrix.rows.length || c === model.matrix.columns.length);
  ctx.fillStyle = theme.colors.getContrastText(colour);
  ctx.fillText(text, x + w / 2, y + h / 2);
}
