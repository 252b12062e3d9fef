/**
 * Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same items: 1 for identical
 * partitions (up to renaming), about 0 for independent ones.
 */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) throw new Error(`labelings of ${a.length} and ${b.length} items`);
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const columns = new Map<string, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    const cell = JSON.stringify([x, y]);
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(y, (columns.get(y) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  const index = sum(cells);
  const rowPairs = sum(rows);
  const columnPairs = sum(columns);
  const expected = (rowPairs * columnPairs) / pairs(a.length);
  const maximum = (rowPairs + columnPairs) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}
