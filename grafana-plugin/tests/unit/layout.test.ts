import {
  MIN_ROW_HEIGHT,
  columnX,
  computeLayout,
  hitTest,
  rowY,
  truncate,
  visibleRows,
  widestLabel,
} from '../../src/heatmap/layout';

// A monospace stand-in for canvas text metrics: every character is 0.6 em wide.
const measure = (text: string, px: number): number => [...text].length * px * 0.6;
const labels = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('computeLayout', () => {
  it('fits a small panel: every row visible, cells fill the width', () => {
    const l = computeLayout({
      width: 600,
      height: 400,
      rowLabels: labels(10, 'region '),
      columnLabels: labels(5, 's'),
      showTotals: true,
      totalLabel: '合计',
      measure,
    });
    expect(l.contentHeight).toBeLessThanOrEqual(400);
    expect(columnX(l, 5) + l.cellWidth).toBeCloseTo(600);
    expect(l.rowLabelWidth).toBe(Math.ceil(measure('region 9', l.fontPx) + 2 * l.padding));
  });

  it('grows the type on a 4K wall display', () => {
    const small = computeLayout({
      width: 600,
      height: 400,
      rowLabels: labels(18, 'r'),
      columnLabels: labels(7, 's'),
      showTotals: true,
      totalLabel: '合计',
      measure,
    });
    const wall = computeLayout({
      width: 3800,
      height: 2000,
      rowLabels: labels(18, 'r'),
      columnLabels: labels(7, 's'),
      showTotals: true,
      totalLabel: '合计',
      measure,
    });
    expect(wall.fontPx).toBeGreaterThanOrEqual(2.5 * small.fontPx);
  });

  it('scrolls rather than shrinking rows below a legible height', () => {
    const l = computeLayout({
      width: 800,
      height: 400,
      rowLabels: labels(2000, 'r'),
      columnLabels: labels(50, 's'),
      showTotals: true,
      totalLabel: '合计',
      measure,
    });
    expect(l.cellHeight).toBe(MIN_ROW_HEIGHT);
    expect(l.contentHeight).toBeCloseTo(l.headerHeight + 2001 * MIN_ROW_HEIGHT + l.gap);
    const { first, last } = visibleRows(l, 14 * 100);
    expect(first).toBe(100);
    expect(last - first).toBeLessThan(30);
  });
});

describe('hitTest', () => {
  const l = computeLayout({
    width: 600,
    height: 400,
    rowLabels: labels(10, 'r'),
    columnLabels: labels(5, 's'),
    showTotals: true,
    totalLabel: '合计',
    measure,
  });
  const centre = (r: number, c: number, scrollTop = 0): [number, number] => [
    columnX(l, c) + l.cellWidth / 2,
    rowY(l, r) - scrollTop + l.cellHeight / 2,
  ];

  it('finds cells, totals and labels', () => {
    expect(hitTest(l, ...centre(3, 2), 0)).toEqual({ kind: 'cell', row: 3, column: 2 });
    expect(hitTest(l, ...centre(10, 5), 0)).toEqual({ kind: 'cell', row: 10, column: 5 });
    expect(hitTest(l, 2, centre(4, 0)[1], 0)).toEqual({ kind: 'rowLabel', row: 4 });
    expect(hitTest(l, centre(0, 1)[0], 2, 0)).toEqual({ kind: 'columnLabel', column: 1 });
  });

  it('finds nothing in the gap before the totals', () => {
    expect(hitTest(l, columnX(l, 5) - l.gap / 2, centre(1, 0)[1], 0)).toEqual({ kind: 'none' });
  });

  it('accounts for scrolling under the sticky header', () => {
    const tall = computeLayout({
      width: 600,
      height: 300,
      rowLabels: labels(100, 'r'),
      columnLabels: labels(5, 's'),
      showTotals: false,
      totalLabel: '合计',
      measure,
    });
    const scrollTop = 10 * tall.cellHeight;
    const [x, y] = [columnX(tall, 0) + 5, rowY(tall, 12) - scrollTop + 3];
    expect(hitTest(tall, x, y, scrollTop)).toEqual({ kind: 'cell', row: 12, column: 0 });
    expect(hitTest(tall, x, 3, scrollTop)).toEqual({ kind: 'columnLabel', column: 0 });
  });
});

describe('widestLabel', () => {
  it('measures every label of a short list', () => {
    const counted: string[] = [];
    const spy = (text: string, px: number): number => (counted.push(text), measure(text, px));
    expect(widestLabel(['a', '南陵县', 'abcd'], 10, spy)).toBe(24);
    expect(counted).toHaveLength(3);
  });

  it('finds the widest of 2,000 labels by measuring only the longest-looking ones, Han counting double', () => {
    // A wide-character measure: Han 1 em, the rest 0.5 em, like a CJK font.
    const cjk = (text: string, px: number): number =>
      [...text].reduce((w, ch) => w + (ch.charCodeAt(0) >= 0x1100 ? px : px / 2), 0);
    const many = [...labels(1998, 'Region '), '黄山市黄山区汤口镇', 'Region 12345'];
    let calls = 0;
    const widest = widestLabel(many, 10, (t, px) => (calls++, cjk(t, px)));
    expect(widest).toBe(Math.max(...many.map((t) => cjk(t, 10))));
    expect(widest).toBe(90); // the Han label: 9 characters, although 'Region 12345' has more
    expect(calls).toBeLessThan(50);
  });
});

describe('truncate', () => {
  it('keeps text that fits and shortens the rest with an ellipsis', () => {
    expect(truncate('镜湖区', 30, 10, measure)).toBe('镜湖区'); // 18 px
    expect(truncate('ah.wuhu.jinghu', 30, 10, measure)).toBe('ah.w…'); // 5 × 6 = 30 px
    expect(truncate('abc', 3, 10, measure)).toBe('');
  });
});
