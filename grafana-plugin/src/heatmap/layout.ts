/**
 * Geometry of the grid: font size, label bands, cell size, totals, and the O(1) hit test.
 *
 * Coordinates are CSS pixels in "content" space: y grows down from the top of the column header.
 * The column header is sticky (drawn at the top of the viewport); when the rows do not fit at a legible
 * height the grid scrolls vertically and only the visible rows are drawn.
 */

export type Measure = (text: string, fontPx: number) => number;

export interface LayoutInput {
  width: number;
  height: number;
  rowLabels: string[];
  columnLabels: string[];
  showTotals: boolean;
  /** The totals row's label ("合计" / "Total"), which the row-label band must fit too. */
  totalLabel: string;
  measure: Measure;
}

export interface Layout {
  width: number;
  /** Viewport height (what the canvas covers). */
  height: number;
  fontPx: number;
  padding: number;
  rowLabelWidth: number;
  headerHeight: number;
  /** Space between the body and the totals column / row. */
  gap: number;
  cellWidth: number;
  cellHeight: number;
  rows: number;
  columns: number;
  showTotals: boolean;
  /** Total scrollable height of the grid. */
  contentHeight: number;
  /** Row labels are drawn only when a row is tall enough to read them. */
  rowLabelsVisible: boolean;
}

/** Rows never shrink below this; beyond it the grid scrolls (and is virtualised). */
export const MIN_ROW_HEIGHT = 14;
const MIN_FONT = 10;
const MAX_FONT = 40;

/** Font follows the row height the panel can offer (a wall display gets big text), capped by width. */
export function fontFor(width: number, height: number, bodyRows: number): number {
  const rowHeightGuess = height / (Math.max(bodyRows, 1) + 2);
  return clamp(Math.floor(Math.min(rowHeightGuess * 0.5, width / 45)), MIN_FONT, MAX_FONT);
}

export function computeLayout(input: LayoutInput): Layout {
  const { width, height, rowLabels, columnLabels, showTotals, totalLabel, measure } = input;
  const rows = rowLabels.length;
  const columns = columnLabels.length;
  const bodyRows = rows + (showTotals ? 1 : 0);
  const bodyColumns = columns + (showTotals ? 1 : 0);

  const fontPx = fontFor(width, height, bodyRows);
  const padding = Math.round(fontPx * 0.5);

  const widest = Math.max(widestOf(rowLabels, fontPx, measure), showTotals ? measure(totalLabel, fontPx) : 0);
  const rowLabelWidth = Math.ceil(Math.min(widest + 2 * padding, width * 0.3));
  const headerHeight = Math.round(fontPx * 2);
  const gap = showTotals ? Math.max(4, Math.round(fontPx * 0.4)) : 0;

  const cellWidth = Math.max(1, (width - rowLabelWidth - gap) / Math.max(bodyColumns, 1));
  // Quarter-pixel steps: exact fits must not overshoot the panel by 1e-14 and summon a scrollbar.
  const fitted = Math.floor(((height - headerHeight - gap) / Math.max(bodyRows, 1)) * 4) / 4;
  const cellHeight = Math.max(MIN_ROW_HEIGHT, Math.min(fitted, fontPx * 4));
  const contentHeight = headerHeight + rows * cellHeight + (showTotals ? gap + cellHeight : 0);

  return {
    width,
    height,
    fontPx,
    padding,
    rowLabelWidth,
    headerHeight,
    gap,
    cellWidth,
    cellHeight,
    rows,
    columns,
    showTotals,
    contentHeight,
    rowLabelsVisible: cellHeight >= MIN_FONT * 1.2,
  };
}

/**
 * widestLabel, remembered for the labels, size and measure it was last asked about: a grid that scrolls
 * is laid out twice (the second time without the scrollbar's width), mostly at the same type size.
 */
const lastWidest = new WeakMap<string[], { fontPx: number; measure: Measure; width: number }>();
function widestOf(labels: string[], fontPx: number, measure: Measure): number {
  const last = lastWidest.get(labels);
  if (last && last.fontPx === fontPx && last.measure === measure) {
    return last.width;
  }
  const width = widestLabel(labels, fontPx, measure);
  lastWidest.set(labels, { fontPx, measure, width });
  return width;
}

/** How many of the longest-looking labels are measured for the row-label band. */
const MEASURED_LABELS = 24;

/**
 * The width of the widest label. Measuring text costs ~10 µs a label the first time (shaping), so of
 * 2,000 row labels only those that look longest — Han and other wide characters counting double — are
 * measured; a label the estimate misjudges is at worst truncated with "…" (full text on hover).
 */
export function widestLabel(labels: string[], fontPx: number, measure: Measure): number {
  if (labels.length <= MEASURED_LABELS) {
    return labels.reduce((w, label) => Math.max(w, measure(label, fontPx)), 0);
  }
  const estimated = labels.map((label, i) => ({ i, width: estimateWidth(label) }));
  estimated.sort((a, b) => b.width - a.width);
  let widest = 0;
  for (const { i } of estimated.slice(0, MEASURED_LABELS)) {
    widest = Math.max(widest, measure(labels[i]!, fontPx));
  }
  return widest;
}

/** Width in "narrow character" units: East Asian wide characters count 2. */
function estimateWidth(label: string): number {
  let width = 0;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    width += code >= 0x1100 && !(code >= 0xd800 && code <= 0xdfff) ? 2 : 1;
  }
  return width;
}

/** Left edge of column c; c === columns is the totals column. */
export function columnX(l: Layout, c: number): number {
  return l.rowLabelWidth + c * l.cellWidth + (c >= l.columns ? l.gap : 0);
}

/** Top edge (content space) of row r; r === rows is the totals row. */
export function rowY(l: Layout, r: number): number {
  return l.headerHeight + r * l.cellHeight + (r >= l.rows ? l.gap : 0);
}

/** Rows (body rows only) at least partly visible for a scroll position. */
export function visibleRows(l: Layout, scrollTop: number): { first: number; last: number } {
  const top = scrollTop;
  const bottom = scrollTop + l.height - l.headerHeight;
  const first = clamp(Math.floor(top / l.cellHeight), 0, l.rows);
  const last = clamp(Math.ceil(bottom / l.cellHeight), 0, l.rows);
  return { first, last };
}

/** What is under a point. `row`/`column` equal to rows/columns mean the totals row/column. */
export type Hit =
  | { kind: 'cell'; row: number; column: number }
  | { kind: 'rowLabel'; row: number }
  | { kind: 'columnLabel'; column: number }
  | { kind: 'none' };

/** x, y in viewport CSS pixels; the header stays put while the rows scroll by scrollTop. */
export function hitTest(l: Layout, x: number, y: number, scrollTop: number): Hit {
  const column = columnAt(l, x);
  if (y < l.headerHeight) {
    return column === null ? { kind: 'none' } : { kind: 'columnLabel', column };
  }
  const row = rowAt(l, y + scrollTop);
  if (row === null) {
    return { kind: 'none' };
  }
  if (x < l.rowLabelWidth) {
    return { kind: 'rowLabel', row };
  }
  return column === null ? { kind: 'none' } : { kind: 'cell', row, column };
}

function columnAt(l: Layout, x: number): number | null {
  if (x < l.rowLabelWidth) {
    return null;
  }
  const c = Math.floor((x - l.rowLabelWidth) / l.cellWidth);
  if (c < l.columns) {
    return c;
  }
  if (l.showTotals && x >= columnX(l, l.columns) && x < columnX(l, l.columns) + l.cellWidth) {
    return l.columns;
  }
  return null;
}

function rowAt(l: Layout, y: number): number | null {
  const r = Math.floor((y - l.headerHeight) / l.cellHeight);
  if (r >= 0 && r < l.rows) {
    return r;
  }
  if (l.showTotals && y >= rowY(l, l.rows) && y < rowY(l, l.rows) + l.cellHeight) {
    return l.rows;
  }
  return null;
}

/** Longest prefix of text (plus "…") that fits maxWidth; binary search, so long labels stay cheap. */
export function truncate(text: string, maxWidth: number, fontPx: number, measure: Measure): string {
  // Text metrics come back as 39.00004 for a 39 px label: allow sub-pixel slack.
  const fits = (t: string): boolean => measure(t, fontPx) <= maxWidth + 0.5;
  if (fits(text)) {
    return text;
  }
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join('') + '…')) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo === 0 ? '' : chars.slice(0, lo).join('') + '…';
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}
