/**
 * Orders rows or columns: by code (the region tree's order), by name in Chinese (pinyin) collation, by
 * KPI total (worst first), by volume, or by a custom list.
 */
import { AxisOrder, Direction } from '../types';
import { Cell } from './cells';

export interface AxisEntry {
  /** The label value (e.g. `ah.wuhu.jinghu`); what drill-down sets. */
  key: string;
  /** What is shown (value mapping, display label, dictionary, or the key). */
  name: string;
  total: Cell;
}

// Pinyin for Han names, alphabetical for Latin ones, digits by value: one collation for zh and en alike.
const pinyin = new Intl.Collator('zh-u-co-pinyin', { numeric: true, sensitivity: 'base' });

type Compare = (i: number, j: number) => number;

/** Returns the entries' indexes in display order. */
export function orderAxis(
  entries: AxisEntry[],
  order: AxisOrder,
  direction: Direction,
  customList: string,
): number[] {
  // Codes are split once, not on every comparison: 2,000 rows take ~22,000 comparisons.
  const codes = entries.map((e) => codeParts(e.key));
  const byCode: Compare = (i, j) => compareParts(codes[i]!, codes[j]!);
  const byName: Compare = (i, j) => pinyin.compare(entries[i]!.name, entries[j]!.name) || byCode(i, j);
  const compare = comparator(entries, order, direction, customList, byCode, byName);
  return entries.map((_, i) => i).sort(compare);
}

function comparator(
  entries: AxisEntry[],
  order: AxisOrder,
  direction: Direction,
  customList: string,
  byCode: Compare,
  byName: Compare,
): Compare {
  switch (order) {
    case 'value': {
      // Worst first: the lowest value when higher is better, the highest when lower is better.
      const value = (i: number): number | null => {
        const total = entries[i]!.total;
        return total.state === 'value' ? total.value : null;
      };
      return nullsLast(value, direction === 'higherIsBetter' ? 1 : -1, byCode);
    }
    case 'total':
      return nullsLast((i) => entries[i]!.total.denominator ?? entries[i]!.total.numerator, -1, byCode);
    case 'custom': {
      const wanted = customList
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const rank = entries.map((e) => {
        const i = wanted.findIndex((w) => w === e.key || w === e.name);
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      });
      return (i, j) => rank[i]! - rank[j]! || byName(i, j);
    }
    case 'name':
      return byName;
    case 'code':
    default:
      return byCode;
  }
}

function nullsLast(get: (i: number) => number | null, sign: 1 | -1, tie: Compare): Compare {
  return (i, j) => {
    const x = get(i);
    const y = get(j);
    if (x === null || y === null) {
      return x === y ? tie(i, j) : x === null ? 1 : -1;
    }
    return sign * (x - y) || tie(i, j);
  };
}

/**
 * A code as the region tree orders it: its dot-separated parts (`ah.hefei` < `ah.hefei.baohe` <
 * `ah.huaibei`, so a city comes right before its counties), each part as runs of text and numbers so
 * that `r2` < `r10`.
 */
export function codeParts(code: string): Array<Array<string | number>> {
  return code
    .split('.')
    .map((part) => part.split(/(\d+)/).map((run, i) => (i % 2 === 1 ? Number(run) : run)));
}

export function compareCodes(a: string, b: string): number {
  return compareParts(codeParts(a), codeParts(b));
}

function compareParts(x: Array<Array<string | number>>, y: Array<Array<string | number>>): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    for (let k = 0; k < Math.min(p.length, q.length); k++) {
      const s = p[k]!;
      const t = q[k]!;
      if (s !== t) {
        return s < t ? -1 : 1;
      }
    }
    if (p.length !== q.length) {
      return p.length - q.length;
    }
  }
  return x.length - y.length;
}
