/**
 * One cell's numbers and state, and how cells combine into totals.
 *
 * Ratio cells keep their numerator and denominator so that any total is Σnumerator / Σdenominator,
 * never an average of ratios.
 */
import { ValueTotal } from '../types';

export type CellState =
  /** A value is shown and coloured. */
  | 'value'
  /** Ratio mode: the denominator is below the minimum; the value is withheld as not meaningful. */
  | 'masked'
  /** No series, no usable value, or a ratio with a zero denominator. */
  | 'noData';

export interface Cell {
  state: CellState;
  /** The KPI value shown (scaled, complemented); null when there is none. */
  value: number | null;
  /** Ratio mode: the summed inputs. Value mode: numerator is the value, denominator null. */
  numerator: number | null;
  denominator: number | null;
}

export interface RatioSettings {
  scale: number;
  complement: boolean;
  minDenominator: number;
}

export const NO_DATA: Cell = { state: 'noData', value: null, numerator: null, denominator: null };

export function ratioCell(numerator: number | null, denominator: number | null, s: RatioSettings): Cell {
  if (numerator === null || denominator === null) {
    return { state: 'noData', value: null, numerator, denominator };
  }
  const value =
    denominator > 0 ? s.scale * (s.complement ? 1 - numerator / denominator : numerator / denominator) : null;
  if (denominator < s.minDenominator) {
    return { state: 'masked', value, numerator, denominator };
  }
  return { state: value === null ? 'noData' : 'value', value, numerator, denominator };
}

export function valueCell(value: number | null): Cell {
  return value === null ? NO_DATA : { state: 'value', value, numerator: value, denominator: null };
}

/** Σnumerator / Σdenominator over the cells that have both (masked cells count: their cases are real). */
export function ratioTotal(cells: Cell[], s: RatioSettings): Cell {
  let num = 0;
  let den = 0;
  let any = false;
  for (const c of cells) {
    if (c.numerator !== null && c.denominator !== null) {
      num += c.numerator;
      den += c.denominator;
      any = true;
    }
  }
  return any ? ratioCell(num, den, s) : NO_DATA;
}

export function valueTotal(cells: Cell[], how: ValueTotal): Cell {
  const values = cells.map((c) => c.value).filter((v): v is number => v !== null);
  if (values.length === 0) {
    return NO_DATA;
  }
  const sum = values.reduce((a, b) => a + b, 0);
  const combined: Record<ValueTotal, () => number> = {
    sum: () => sum,
    mean: () => sum / values.length,
    min: () => values.reduce((a, b) => Math.min(a, b)),
    max: () => values.reduce((a, b) => Math.max(a, b)),
  };
  return valueCell(combined[how]());
}
