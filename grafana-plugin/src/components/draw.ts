/**
 * Canvas renderer (the thin edge): cells batched by colour — one path and one fill per colour — then
 * masks, values and labels. Only the rows in view are drawn, so cost follows the viewport, not the data.
 */
import { GrafanaTheme2 } from '@grafana/data';

import { Cell, colouredValue, isMasked } from '../heatmap/cells';
import { Layout, Measure, columnX, rowY, truncate, visibleRows } from '../heatmap/layout';
import { HeatmapModel } from '../heatmap/model';

export interface DrawInput {
  model: HeatmapModel;
  layout: Layout;
  theme: GrafanaTheme2;
  scrollTop: number;
  showValues: boolean;
}

export function font(theme: GrafanaTheme2, px: number, bold = false): string {
  return `${bold ? theme.typography.fontWeightMedium : theme.typography.fontWeightRegular} ${px}px ${theme.typography.fontFamily}`;
}

/** Width measurement with a cache: labels are measured again on every redraw otherwise. */
export function canvasMeasure(ctx: CanvasRenderingContext2D, theme: GrafanaTheme2): Measure {
  const bySize = new Map<number, Map<string, number>>();
  let currentFont = ''; // this context measures only: no one else sets its font
  return (text, px) => {
    let cache = bySize.get(px);
    if (!cache) {
      cache = new Map();
      bySize.set(px, cache);
    }
    let w = cache.get(text);
    if (w === undefined) {
      const wanted = font(theme, px);
      if (currentFont !== wanted) {
        ctx.font = currentFont = wanted;
      }
      w = ctx.measureText(text).width;
      cache.set(text, w);
    }
    return w;
  };
}

/** Diagonal hatching for masked cells; the stripe spacing follows the type size so it reads on a wall too. */
export function hatchPattern(
  ctx: CanvasRenderingContext2D,
  theme: GrafanaTheme2,
  dpr: number,
  fontPx: number,
): CanvasPattern | string {
  const size = Math.round(Math.max(6, fontPx * 0.6) * dpr);
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const t = tile.getContext('2d');
  if (!t) {
    return theme.colors.background.secondary;
  }
  t.fillStyle = theme.colors.background.secondary;
  t.fillRect(0, 0, size, size);
  t.strokeStyle = theme.colors.border.strong;
  t.lineWidth = Math.max(1, (fontPx / 14) * dpr);
  t.beginPath();
  for (const offset of [-size, 0, size]) {
    t.moveTo(offset, size);
    t.lineTo(offset + size, 0);
  }
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern ?? theme.colors.background.secondary;
}

const DIGITS = /\d/g;

/** The visible cells of one fill colour, as flat [x, y, value] triples; totals apart (their text is bold). */
interface Batch {
  body: number[];
  totals: number[];
}

export function drawGrid(
  ctx: CanvasRenderingContext2D,
  input: DrawInput,
  measure: Measure,
  /** Called only when a masked cell is in view (making the pattern costs a canvas). */
  hatch: () => CanvasPattern | string,
): void {
  const { model, layout: l, theme, scrollTop } = input;
  const m = model.matrix;
  ctx.clearRect(0, 0, l.width, l.height);

  // Which rows are on screen, body and totals alike.
  const { first, last } = visibleRows(l, scrollTop);
  const rowIndexes: number[] = [];
  for (let r = first; r < last; r++) {
    rowIndexes.push(r);
  }
  const totalsRowTop = rowY(l, l.rows) - scrollTop;
  if (l.showTotals && totalsRowTop < l.height) {
    rowIndexes.push(l.rows);
  }
  const columnCount = l.columns + (l.showTotals ? 1 : 0);

  // One pass over the visible cells, straight from the matrix's sums (no Cell objects): each coloured
  // cell joins its colour's batch, the others the masked or the empty list (as x, y pairs).
  const batches = new Map<string, Batch>();
  const masked: number[] = [];
  const empty: number[] = [];
  const place = (colour: string, x: number, y: number, value: number, total: boolean): void => {
    let batch = batches.get(colour);
    if (!batch) {
      batch = { body: [], totals: [] };
      batches.set(colour, batch);
    }
    (total ? batch.totals : batch.body).push(x, y, value);
  };
  const placeTotal = (cell: Cell, x: number, y: number): void => {
    if (cell.state === 'value' && cell.value !== null) {
      const colour = model.totalsComparable
        ? model.scale.colourOf(cell.value)
        : theme.colors.background.secondary;
      place(colour, x, y, cell.value, true);
    } else {
      (cell.state === 'masked' ? masked : empty).push(x, y);
    }
  };
  const width = m.columns.length;
  for (const r of rowIndexes) {
    const y = rowY(l, r) - scrollTop;
    if (r === l.rows) {
      for (let c = 0; c < columnCount; c++) {
        placeTotal(c === l.columns ? m.grand : m.columns[c]!.total, columnX(l, c), y);
      }
      continue;
    }
    for (let c = 0; c < l.columns; c++) {
      const x = columnX(l, c);
      const i = r * width + c;
      const value = colouredValue(m.numerators[i]!, m.denominators[i]!, m.ratio);
      if (!Number.isNaN(value)) {
        place(model.scale.colourOf(value), x, y, value, false);
      } else {
        (isMasked(m.numerators[i]!, m.denominators[i]!, m.ratio) ? masked : empty).push(x, y);
      }
    }
    if (l.showTotals) {
      placeTotal(m.rows[r]!.total, columnX(l, l.columns), y);
    }
  }

  const inset = l.cellWidth > 6 && l.cellHeight > 6 ? 1 : 0;
  const w = l.cellWidth - inset;
  const h = l.cellHeight - inset;

  // 1. Coloured cells: one path and one fill per colour.
  for (const [colour, batch] of batches) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const list of [batch.body, batch.totals]) {
      for (let k = 0; k < list.length; k += 3) {
        ctx.rect(list[k]!, list[k + 1]!, w, h);
      }
    }
    ctx.fill();
  }
  // 2. Masked cells hatched; no-data cells an empty outlined box (so they never look like a zero).
  if (masked.length) {
    ctx.fillStyle = hatch();
    ctx.beginPath();
    for (let k = 0; k < masked.length; k += 2) {
      ctx.rect(masked[k]!, masked[k + 1]!, w, h);
    }
    ctx.fill();
  }
  if (empty.length && w > 3 && h > 3) {
    const line = Math.max(1, Math.round(l.fontPx / 14));
    ctx.strokeStyle = theme.colors.border.strong;
    ctx.lineWidth = line;
    ctx.setLineDash([3 * line, 3 * line]);
    ctx.beginPath();
    for (let k = 0; k < empty.length; k += 2) {
      ctx.rect(empty[k]! + line * 1.5, empty[k + 1]! + line * 1.5, w - line * 3, h - line * 3);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // 3. Values, in the contrast colour Grafana picks for the cell's background (worked out once per colour
  // that has a value to show), drawn grouped by weight and ink: font and fill are set a few times rather
  // than per cell (each assignment is parsed). Texts never overlap, so the order changes no pixel.
  const fontPx = l.fontPx;
  if (input.showValues && l.cellHeight >= fontPx * 1.3) {
    // Every digit measured as a 0: a handful of measurements instead of one per distinct value.
    const fits = new Map<string, boolean>();
    const fitting = (text: string): boolean => {
      let fit = fits.get(text);
      if (fit === undefined) {
        fit = measure(text.replace(DIGITS, '0'), fontPx) <= w - 4;
        fits.set(text, fit);
      }
      return fit;
    };
    const groups = new Map<string, { bold: boolean; ink: string; texts: string[]; at: number[] }>();
    for (const [colour, batch] of batches) {
      let ink: string | undefined;
      for (const bold of [false, true]) {
        const list = bold ? batch.totals : batch.body;
        for (let k = 0; k < list.length; k += 3) {
          const text = model.format(list[k + 2]!);
          if (!fitting(text)) {
            continue;
          }
          ink ??= theme.colors.getContrastText(colour);
          const key = `${bold ? 'b' : 'r'} ${ink}`;
          let group = groups.get(key);
          if (!group) {
            group = { bold, ink, texts: [], at: [] };
            groups.set(key, group);
          }
          group.texts.push(text);
          group.at.push(list[k]! + w / 2, list[k + 1]! + h / 2);
        }
      }
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const bold of [false, true]) {
      ctx.font = font(theme, fontPx, bold);
      for (const group of groups.values()) {
        if (group.bold !== bold) {
          continue;
        }
        ctx.fillStyle = group.ink;
        group.texts.forEach((text, k) => ctx.fillText(text, group.at[2 * k]!, group.at[2 * k + 1]!));
      }
    }
  }

  // 4. Row labels (scrolling with the rows) and the sticky column header; font set once per weight.
  const totalLabel = model.text.word('total');
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = theme.colors.text.primary;
  if (l.rowLabelsVisible) {
    ctx.font = font(theme, fontPx);
    for (const r of rowIndexes) {
      if (r === l.rows) {
        ctx.font = font(theme, fontPx, true);
      }
      const name = r === l.rows ? totalLabel : m.rows[r]!.name;
      const text = truncate(name, l.rowLabelWidth - 2 * l.padding, fontPx, measure);
      ctx.fillText(text, l.padding, rowY(l, r) - scrollTop + h / 2);
    }
  }
  ctx.clearRect(0, 0, l.width, l.headerHeight);
  ctx.textAlign = 'center';
  ctx.font = font(theme, fontPx);
  for (let c = 0; c < columnCount; c++) {
    if (c === l.columns) {
      ctx.font = font(theme, fontPx, true);
    }
    const name = c === l.columns ? totalLabel : m.columns[c]!.name;
    const text = truncate(name, l.cellWidth - l.padding, fontPx, measure);
    ctx.fillText(text, columnX(l, c) + w / 2, l.headerHeight / 2);
  }
}

/** A box of whole device pixels: x, y from the grid's origin; width and height, all in device pixels. */
export interface DeviceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether a cell's outline is drawn: not when its row has scrolled entirely under the column header. */
function outlined(l: Layout, scrollTop: number, at: { row: number; column: number }): boolean {
  return rowY(l, at.row) - scrollTop + l.cellHeight >= l.headerHeight;
}

/**
 * The canvas the outlines of these cells need: their cells' bounds, widened to whole device pixels so that
 * a canvas placed there puts every outline on the same pixels as a grid-sized one would (its origin sits
 * on a device pixel). One cell always gives the same size, so moving the pointer never resizes it. Null
 * when nothing is outlined.
 */
export function highlightBox(
  l: Layout,
  scrollTop: number,
  cells: Array<{ row: number; column: number } | null>,
  dpr: number,
): DeviceBox | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const at of cells) {
    if (at && outlined(l, scrollTop, at)) {
      const x = columnX(l, at.column);
      const y = rowY(l, at.row) - scrollTop;
      left = Math.min(left, x);
      top = Math.min(top, y);
      right = Math.max(right, x + l.cellWidth);
      bottom = Math.max(bottom, y + l.cellHeight);
    }
  }
  if (left === Infinity) {
    return null;
  }
  return {
    x: Math.floor(left * dpr),
    y: Math.floor(top * dpr),
    width: Math.ceil((right - left) * dpr) + 1,
    height: Math.ceil((bottom - top) * dpr) + 1,
  };
}

/**
 * Hover and keyboard focus: drawn on a canvas of their own so moving the pointer never repaints the grid,
 * in the grid's coordinates (the caller's transform places a smaller canvas; see highlightBox).
 */
export function drawHighlight(
  ctx: CanvasRenderingContext2D,
  l: Layout,
  theme: GrafanaTheme2,
  scrollTop: number,
  hover: { row: number; column: number } | null,
  focus: { row: number; column: number } | null,
): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
  const outline = (at: { row: number; column: number }, colour: string, width: number): void => {
    if (!outlined(l, scrollTop, at)) {
      return;
    }
    const y = rowY(l, at.row) - scrollTop;
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.strokeRect(
      columnX(l, at.column) + width / 2,
      y + width / 2,
      l.cellWidth - width - 1,
      l.cellHeight - width - 1,
    );
  };
  if (focus) {
    outline(focus, theme.colors.primary.border, 3);
  }
  if (hover) {
    outline(hover, theme.colors.text.primary, 2);
  }
}
