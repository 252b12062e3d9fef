/**
 * Canvas renderer (the thin edge): cells batched by colour — one path and one fill per colour — then
 * masks, values and labels. Only the rows in view are drawn, so cost follows the viewport, not the data.
 */
import { GrafanaTheme2 } from '@grafana/data';

import { Cell } from '../heatmap/cells';
import { Layout, Measure, columnX, rowY, truncate, visibleRows } from '../heatmap/layout';
import { cellAt } from '../heatmap/matrix';
import { HeatmapModel, cellColour } from '../heatmap/model';

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

interface Placed {
  x: number;
  y: number;
  cell: Cell;
  total: boolean;
  /** Fill colour; null for masked and no-data cells. */
  colour: string | null;
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

  // Which cells are on screen, body and totals alike.
  const { first, last } = visibleRows(l, scrollTop);
  const rowIndexes: number[] = [];
  for (let r = first; r < last; r++) {
    rowIndexes.push(r);
  }
  const totalsRowTop = rowY(l, l.rows) - scrollTop;
  if (l.showTotals && totalsRowTop < l.height) {
    rowIndexes.push(l.rows);
  }
  const columnIndexes = [...Array(l.columns + (l.showTotals ? 1 : 0)).keys()];
  const placed: Placed[] = [];
  for (const r of rowIndexes) {
    const y = rowY(l, r) - scrollTop;
    for (const c of columnIndexes) {
      const total = r === l.rows || c === l.columns;
      const cell = !total
        ? cellAt(m, r, c)
        : r === l.rows && c === l.columns
          ? m.grand
          : r === l.rows
            ? m.columns[c]!.total
            : m.rows[r]!.total;
      const colour =
        total && !model.totalsComparable && cell.state === 'value'
          ? theme.colors.background.secondary
          : cellColour(model, cell);
      placed.push({ x: columnX(l, c), y, cell, total, colour });
    }
  }

  const inset = l.cellWidth > 6 && l.cellHeight > 6 ? 1 : 0;
  const w = l.cellWidth - inset;
  const h = l.cellHeight - inset;

  // 1. Coloured cells: one path per colour.
  const byColour = new Map<string, Placed[]>();
  const masked: Placed[] = [];
  const empty: Placed[] = [];
  for (const p of placed) {
    const colour = p.colour;
    if (colour) {
      let list = byColour.get(colour);
      if (!list) {
        list = [];
        byColour.set(colour, list);
      }
      list.push(p);
    } else if (p.cell.state === 'masked') {
      masked.push(p);
    } else {
      empty.push(p);
    }
  }
  for (const [colour, list] of byColour) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const p of list) {
      ctx.rect(p.x, p.y, w, h);
    }
    ctx.fill();
  }
  // 2. Masked cells hatched; no-data cells an empty outlined box (so they never look like a zero).
  if (masked.length) {
    ctx.fillStyle = hatch();
    ctx.beginPath();
    for (const p of masked) {
      ctx.rect(p.x, p.y, w, h);
    }
    ctx.fill();
  }
  if (empty.length && w > 3 && h > 3) {
    const line = Math.max(1, Math.round(l.fontPx / 14));
    ctx.strokeStyle = theme.colors.border.strong;
    ctx.lineWidth = line;
    ctx.setLineDash([3 * line, 3 * line]);
    ctx.beginPath();
    for (const p of empty) {
      ctx.rect(p.x + line * 1.5, p.y + line * 1.5, w - line * 3, h - line * 3);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // 3. Values, in the contrast colour Grafana picks for the cell's background (worked out once per colour;
  // font and colour are set only when they change: each assignment is parsed).
  const fontPx = l.fontPx;
  if (input.showValues && l.cellHeight >= fontPx * 1.3) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const contrast = new Map<string, string>();
    const fonts = [font(theme, fontPx), font(theme, fontPx, true)];
    let currentFont = '';
    let currentColour = '';
    for (const p of placed) {
      if (!p.colour) {
        continue;
      }
      const text = model.format(p.cell.value as number);
      // Every digit measured as a 0: a handful of measurements instead of one per distinct value.
      if (measure(text.replace(DIGITS, '0'), fontPx) > w - 4) {
        continue;
      }
      let ink = contrast.get(p.colour);
      if (ink === undefined) {
        ink = theme.colors.getContrastText(p.colour);
        contrast.set(p.colour, ink);
      }
      const wantedFont = fonts[p.total ? 1 : 0]!;
      if (wantedFont !== currentFont) {
        ctx.font = currentFont = wantedFont;
      }
      if (ink !== currentColour) {
        ctx.fillStyle = currentColour = ink;
      }
      ctx.fillText(text, p.x + w / 2, p.y + h / 2);
    }
  }

  // 4. Row labels (scrolling with the rows) and the sticky column header.
  const totalLabel = model.text.word('total');
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = theme.colors.text.primary;
  if (l.rowLabelsVisible) {
    for (const r of rowIndexes) {
      const name = r === l.rows ? totalLabel : m.rows[r]!.name;
      ctx.font = font(theme, fontPx, r === l.rows);
      const text = truncate(name, l.rowLabelWidth - 2 * l.padding, fontPx, measure);
      ctx.fillText(text, l.padding, rowY(l, r) - scrollTop + h / 2);
    }
  }
  ctx.clearRect(0, 0, l.width, l.headerHeight);
  ctx.textAlign = 'center';
  for (const c of columnIndexes) {
    const name = c === l.columns ? totalLabel : m.columns[c]!.name;
    ctx.font = font(theme, fontPx, c === l.columns);
    const text = truncate(name, l.cellWidth - l.padding, fontPx, measure);
    ctx.fillText(text, columnX(l, c) + w / 2, l.headerHeight / 2);
  }
}

/** Hover and keyboard focus: drawn on a separate canvas so moving the pointer never repaints the grid. */
export function drawHighlight(
  ctx: CanvasRenderingContext2D,
  l: Layout,
  theme: GrafanaTheme2,
  scrollTop: number,
  hover: { row: number; column: number } | null,
  focus: { row: number; column: number } | null,
): void {
  ctx.clearRect(0, 0, l.width, l.height);
  const outline = (at: { row: number; column: number }, colour: string, width: number): void => {
    const y = rowY(l, at.row) - scrollTop;
    if (y + l.cellHeight < l.headerHeight) {
      return;
    }
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
