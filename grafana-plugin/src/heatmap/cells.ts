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

/** The value a ratio shows, NaN without one (a missing input, no cases); masking aside. */
function ratioValue(numerator: number, denominator: number, s: RatioSettings): number {
  return denominator > 0
    ? s.scale * (s.complement ? 1 - numerator / denominator : numerator / denominator)
    : NaN;
}

/**
 * The value a cell is coloured by from its sums (NaN: missing), NaN for masked and no-data cells; value
 * mode (no settings) takes the sum as it is. Makes no Cell: it runs over every cell.
 */
export function colouredValue(numerator: number, denominator: number, s: RatioSettings | null): number {
  if (!s) {
    return numerator;
  }
  return denominator < s.minDenominator ? NaN : ratioValue(numerator, denominator, s);
}

export function ratioCell(numerator: number | null, denominator: number | null, s: RatioSettings): Cell {
  if (numerator === null || denominator === null) {
    return { state: 'noData', value: null, numerator, denominator };
  }
  const shown = ratioValue(numerator, denominator, s);
  const value = Number.isNaN(shown) ? null : shown;
  if (denominator < s.minDenominator) {
    return { state: 'masked', value, numerator, denominator };
  }
  return { state: value === null ? 'noData' : 'value', value, numerator, denominator };
}

export function valueCell(value: number | null): Cell {
  return value === null ? NO_DATA : { state: 'value', value, numerator: value, denominator: null };
}

/** Running totals of a row, a column or the whole grid: Σnumerator / Σdenominator, or the value combination. */
export class Total {
  private numerator = 0;
  private denominator = 0;
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  /** A ratio cell's sums (NaN: missing); masked cells count, their cases are real. */
  addRatio(numerator: number, denominator: number): void {
    if (!Number.isNaN(numerator) && !Number.isNaN(denominator)) {
      this.numerator += numerator;
      this.denominator += denominator;
      this.count++;
    }
  }

  /** A value cell's value (NaN: missing). */
  addValue(value: number): void {
    if (!Number.isNaN(value)) {
      this.count++;
      this.sum += value;
      this.min = Math.min(this.min, value);
      this.max = Math.max(this.max, value);
    }
  }

  ratioCell(s: RatioSettings): Cell {
    return this.count > 0 ? ratioCell(this.numerator, this.denominator, s) : NO_DATA;
  }

  valueCell(how: ValueTotal): Cell {
    if (this.count === 0) {
      return NO_DATA;
    }
    const combined: Record<ValueTotal, number> = {
      sum: this.sum,
      mean: this.sum / this.count,
      min: this.min,
      max: this.max,
    };
    return valueCell(combined[how]);
  }
}

/** Whether a ratio cell's value is withheld for too few cases, from its sums (NaN: missing), as ratioCell says. */
export function isMasked(numerator: number, denominator: number, s: RatioSettings | null): boolean {
  return (
    s !== null && !Number.isNaN(numerator) && !Number.isNaN(denominator) && denominator < s.minDenominator
  );
}
