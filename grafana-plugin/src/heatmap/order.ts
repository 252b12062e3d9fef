/** Orders rows or columns: by name, by KPI total (worst first), by volume, or by a custom list. */
import { AxisOrder, Direction } from '../types';
import { Cell } from './cells';

export interface AxisEntry {
  /** The label value (e.g. `ah.wuhu.jinghu`); what drill-down sets. */
  key: string;
  /** What is shown (the display label's value, or the key). */
  name: string;
  total: Cell;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function byName(a: AxisEntry, b: AxisEntry): number {
  return collator.compare(a.name, b.name) || collator.compare(a.key, b.key);
}

/** Returns the entries' indexes in display order. */
export function orderAxis(
  entries: AxisEntry[],
  order: AxisOrder,
  direction: Direction,
  customList: string,
): number[] {
  const indexes = entries.map((_, i) => i);
  const compare = comparator(order, direction, customList);
  return indexes.sort((i, j) => compare(entries[i]!, entries[j]!));
}

function comparator(
  order: AxisOrder,
  direction: Direction,
  customList: string,
): (a: AxisEntry, b: AxisEntry) => number {
  switch (order) {
    case 'value':
      // Worst first: the lowest value when higher is better, the highest when lower is better.
      return nullsLast(
        (e) => (e.total.state === 'value' ? e.total.value : null),
        direction === 'higherIsBetter' ? 1 : -1,
      );
    case 'total':
      return nullsLast((e) => e.total.denominator ?? e.total.numerator, -1);
    case 'custom': {
      const wanted = customList
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const rank = (e: AxisEntry): number => {
        const i = wanted.findIndex((w) => w === e.key || w === e.name);
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      };
      return (a, b) => rank(a) - rank(b) || byName(a, b);
    }
    case 'name':
    default:
      return byName;
  }
}

function nullsLast(
  get: (e: AxisEntry) => number | null,
  sign: 1 | -1,
): (a: AxisEntry, b: AxisEntry) => number {
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) {
      return x === y ? byName(a, b) : x === null ? 1 : -1;
    }
    return sign * (x - y) || byName(a, b);
  };
}
