import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import React, { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import { announce, describeCell } from '../heatmap/describe';
import { Hit, Layout, Measure, columnX, computeLayout, hitTest, rowY } from '../heatmap/layout';
import { HeatmapModel } from '../heatmap/model';
import { HeatmapOptions } from '../types';
import { canvasMeasure, drawGrid, drawHighlight, hatchPattern, highlightBox } from './draw';
import { GridPosition, moveFocus } from './keyboard';
import { Tooltip, TooltipLink } from './Tooltip';

interface Props {
  model: HeatmapModel;
  options: HeatmapOptions;
  width: number;
  height: number;
  theme: GrafanaTheme2;
  /** Called with the cell's row/column (totals: rows.length / columns.length); returns its data links. */
  onActivate: (at: GridPosition) => TooltipLink[];
}

interface Pointer {
  hit: Hit;
  x: number;
  y: number;
}

const SCROLLBAR = 12;

export function HeatmapGrid({ model, options, width, height, theme, onActivate }: Props): React.JSX.Element {
  const gridCanvas = useRef<HTMLCanvasElement>(null);
  const highlightCanvas = useRef<HTMLCanvasElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const [focus, setFocus] = useState<GridPosition | null>(null);
  const [pinned, setPinned] = useState<{
    at: GridPosition;
    x: number;
    y: number;
    links: TooltipLink[];
  } | null>(null);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  const measure = useMemo<Measure>(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return ctx ? canvasMeasure(ctx, theme) : (text, px) => text.length * px * 0.6;
  }, [theme]);

  const layout = useMemo(() => {
    const input = {
      width,
      height,
      rowLabels: model.matrix.rows.map((r) => r.name),
      columnLabels: model.matrix.columns.map((c) => c.name),
      showTotals: options.showTotals,
      totalLabel: model.text.word('total'),
      measure,
    };
    const first = computeLayout(input);
    // When the rows scroll, the scrollbar takes width from the grid.
    return first.contentHeight > height ? computeLayout({ ...input, width: width - SCROLLBAR }) : first;
  }, [model, width, height, options.showTotals, measure]);

  const rowCount = layout.rows + (layout.showTotals ? 1 : 0);
  // The canvases cover what is drawn, not the whole panel: a canvas's first drawing allocates its backing
  // store, at a cost that follows its area (~2.9 ms for 1550 × 800 px), and a short grid leaves most empty.
  const canvasHeight = Math.min(height, Math.ceil(layout.contentHeight));
  const columnCount = layout.columns + (layout.showTotals ? 1 : 0);

  // Repaint the grid only when data, size, theme or scroll change; before the browser paints, so the first
  // frame Grafana shows has the grid in it (a passive effect runs after that paint, when React is not
  // rendering synchronously).
  useLayoutEffect(() => {
    const canvas = gridCanvas.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) {
      return;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawGrid(ctx, { model, layout, theme, scrollTop, showValues: options.showValues }, measure, () =>
      hatchPattern(ctx, theme, dpr, layout.fontPx),
    );
  }, [model, layout, theme, scrollTop, options.showValues, measure, dpr]);

  const hoverRow = pointer?.hit.kind === 'cell' ? pointer.hit.row : null;
  const hoverColumn = pointer?.hit.kind === 'cell' ? pointer.hit.column : null;
  const hoverCell = hoverRow !== null && hoverColumn !== null ? { row: hoverRow, column: hoverColumn } : null;
  // The outlines are drawn on a canvas just big enough for them, moved to the cell: a canvas's first
  // drawing allocates its backing store at a cost that follows its area (~3 ms and 5 MB for a panel-sized
  // one, which also brought on a major garbage collection after a 100k-cell render).
  useEffect(() => {
    const canvas = highlightCanvas.current;
    if (!canvas) {
      return;
    }
    const hover = hoverRow !== null && hoverColumn !== null ? { row: hoverRow, column: hoverColumn } : null;
    const wanted = pinned?.at ?? hover;
    const box = highlightBox(layout, scrollTop, [wanted, focus], dpr);
    if (!box) {
      canvas.style.display = 'none';
      return;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) {
      return;
    }
    if (canvas.width !== box.width || canvas.height !== box.height) {
      canvas.width = box.width;
      canvas.height = box.height;
      canvas.style.width = `${box.width / dpr}px`;
      canvas.style.height = `${box.height / dpr}px`;
    }
    // Moved by a transform, which the next hit test's layout does not have to redo.
    canvas.style.transform = `translate(${box.x / dpr}px, ${box.y / dpr}px)`;
    canvas.style.display = 'block';
    ctx.setTransform(dpr, 0, 0, dpr, -box.x, -box.y);
    drawHighlight(ctx, layout, theme, scrollTop, wanted, focus);
  }, [layout, theme, scrollTop, hoverRow, hoverColumn, focus, pinned, dpr]);

  const scroller = useRef<HTMLDivElement>(null);
  const surface = useRef<HTMLDivElement>(null);
  const locate = (e: React.MouseEvent): Pointer | null => {
    const rect = surface.current?.getBoundingClientRect();
    if (!rect) {
      return null;
    }
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    // the live scroll position: the state lags a frame behind a scroll that has just happened
    return { hit: hitTest(layout, x, y, scroller.current?.scrollTop ?? scrollTop), x, y };
  };

  const activate = useCallback(
    (at: GridPosition, x: number, y: number) => {
      const links = onActivate(at);
      setPinned(links.length > 0 ? { at, x, y, links } : null);
    },
    [onActivate],
  );

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const at = focus ?? { row: 0, column: 0 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(
        at,
        columnX(layout, at.column) + layout.cellWidth / 2,
        rowY(layout, at.row) - scrollTop + layout.cellHeight / 2,
      );
      return;
    }
    if (e.key === 'Escape') {
      setPinned(null);
      setFocus(null);
      return;
    }
    const page = Math.max(1, Math.floor((layout.height - layout.headerHeight) / layout.cellHeight) - 1);
    const next = moveFocus(e.key, at, rowCount, columnCount, page);
    if (next) {
      e.preventDefault();
      setFocus(next);
      scrollIntoView(next.row);
    }
  };

  const scrollIntoView = (row: number): void => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    const top = rowY(layout, row) - layout.headerHeight;
    const bottom = rowY(layout, row) + layout.cellHeight - layout.height;
    if (top < el.scrollTop) {
      el.scrollTop = top;
    } else if (bottom > el.scrollTop) {
      el.scrollTop = bottom;
    }
  };

  // The tooltip follows the pointer; without one it shows the keyboard-focused cell.
  const tooltipAt = pinned
    ? { at: pinned.at, x: pinned.x, y: pinned.y }
    : pointer?.hit.kind === 'cell'
      ? { at: hoverCell as GridPosition, x: pointer.x, y: pointer.y }
      : focus && !pointer
        ? {
            at: focus,
            x: columnX(layout, focus.column) + layout.cellWidth,
            y: rowY(layout, focus.row) - scrollTop + layout.cellHeight,
          }
        : null;
  const description = tooltipAt
    ? describeCell(model, options, tooltipAt.at.row, tooltipAt.at.column)
    : undefined;
  const hoveredLabel =
    pointer?.hit.kind === 'rowLabel'
      ? labelText(model, 'row', pointer.hit.row)
      : pointer?.hit.kind === 'columnLabel'
        ? labelText(model, 'column', pointer.hit.column)
        : undefined;
  const focusText = focus ? announce(model, describeCell(model, options, focus.row, focus.column)) : '';

  return (
    <div className={styles.root} style={{ width, height }}>
      <div
        ref={scroller}
        className={styles.scroller}
        style={{
          ...focusRing(theme),
          width,
          height,
          overflowY: layout.contentHeight > height ? 'scroll' : 'hidden',
        }}
        tabIndex={0}
        role="grid"
        aria-label={model.text.gridLabel(layout.rows, layout.columns)}
        aria-rowcount={rowCount}
        aria-colcount={columnCount}
        data-testid="heatmap-grid"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onFocus={() => setFocus((f) => f ?? { row: 0, column: 0 })}
        onBlur={() => setFocus(null)}
      >
        <div className={styles.sticky} style={{ height }}>
          <canvas
            ref={gridCanvas}
            width={Math.round(layout.width * dpr)}
            height={Math.round(canvasHeight * dpr)}
            style={{ width: layout.width, height: canvasHeight }}
          />
          {/* The pointer's surface over the grid; it clips the outline canvas to the grid as the grid's
              own canvas would. */}
          <div
            ref={surface}
            className={styles.overlay}
            data-testid="heatmap-canvas"
            data-layout={JSON.stringify(geometry(layout))}
            style={{ width: layout.width, height: canvasHeight, cursor: hoverCell ? 'pointer' : 'default' }}
            // Synchronously: the tooltip follows the pointer in the same task, not a scheduled one later.
            onMouseMove={(e) => flushSync(() => setPointer(locate(e)))}
            onMouseLeave={() => setPointer(null)}
            onClick={(e) => {
              const p = locate(e);
              if (p?.hit.kind === 'cell') {
                setFocus({ row: p.hit.row, column: p.hit.column });
                activate({ row: p.hit.row, column: p.hit.column }, p.x, p.y);
              } else {
                setPinned(null);
              }
            }}
          >
            <canvas ref={highlightCanvas} className={styles.outline} />
          </div>
        </div>
        <div style={{ height: Math.max(0, layout.contentHeight - height) }} />
      </div>
      <div className={styles.srOnly} aria-live="polite" data-testid="heatmap-announcer">
        {focusText}
      </div>
      {/* Mounted from the start (hidden), so that the first hover only fills it in. */}
      <Tooltip
        visible={description !== undefined || hoveredLabel !== undefined}
        x={tooltipAt?.x ?? pointer?.x ?? 0}
        y={tooltipAt?.y ?? pointer?.y ?? 0}
        panelWidth={width}
        panelHeight={height}
        description={description}
        label={description ? undefined : hoveredLabel}
        links={pinned?.links}
        hint={(model.config.links?.length ?? 0) > 0 ? model.text.word('clickForLinks') : undefined}
        pinned={pinned !== null}
      />
    </div>
  );
}

/** Grid geometry for browser tests and tools that need to aim at a cell. */
function geometry(l: Layout): Record<string, number> {
  const { rowLabelWidth, headerHeight, cellWidth, cellHeight, gap, rows, columns, fontPx } = l;
  return { rowLabelWidth, headerHeight, cellWidth, cellHeight, gap, rows, columns, fontPx };
}

function labelText(model: HeatmapModel, axis: 'row' | 'column', index: number): string {
  const entries = axis === 'row' ? model.matrix.rows : model.matrix.columns;
  const entry = entries[index];
  if (!entry) {
    return model.text.word('total');
  }
  return entry.name === entry.key ? entry.name : `${entry.name} (${entry.key})`;
}

/** The classes are made once, when the module loads; the theme's focus colour is a custom property. */
function focusRing(theme: GrafanaTheme2): React.CSSProperties {
  return { '--grid-focus': theme.colors.primary.border } as React.CSSProperties; // not in React's CSS typings
}

const styles = {
  root: css({ position: 'relative' }),
  scroller: css({
    overflowX: 'hidden',
    outline: 'none',
    '&:focus-visible': { boxShadow: 'inset 0 0 0 2px var(--grid-focus)' },
  }),
  sticky: css({ position: 'sticky', top: 0 }),
  overlay: css({ position: 'absolute', top: 0, left: 0, overflow: 'hidden' }),
  // Placed and shown by the highlight effect.
  outline: css({ position: 'absolute', top: 0, left: 0, display: 'none', pointerEvents: 'none' }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
};
