/** Keyboard navigation over the grid, totals included (pure: key + position → next position). */
export interface GridPosition {
  row: number;
  column: number;
}

/** rows/columns count the totals row/column when they are shown. */
export function moveFocus(
  key: string,
  at: GridPosition,
  rows: number,
  columns: number,
  page: number,
): GridPosition | null {
  const clampRow = (r: number): number => Math.max(0, Math.min(rows - 1, r));
  const clampColumn = (c: number): number => Math.max(0, Math.min(columns - 1, c));
  switch (key) {
    case 'ArrowUp':
      return { ...at, row: clampRow(at.row - 1) };
    case 'ArrowDown':
      return { ...at, row: clampRow(at.row + 1) };
    case 'ArrowLeft':
      return { ...at, column: clampColumn(at.column - 1) };
    case 'ArrowRight':
      return { ...at, column: clampColumn(at.column + 1) };
    case 'PageUp':
      return { ...at, row: clampRow(at.row - page) };
    case 'PageDown':
      return { ...at, row: clampRow(at.row + page) };
    case 'Home':
      return { ...at, column: 0 };
    case 'End':
      return { ...at, column: columns - 1 };
    default:
      return null;
  }
}
