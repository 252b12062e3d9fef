/**
 * Values → colours, through Grafana's own field colour modes (continuous schemes, thresholds, fixed).
 *
 * Continuous schemes are read from good (first colour) to bad (last colour): the default Blue–Yellow–Red
 * puts the best cells in blue and the worst in red, which stays distinguishable for the common forms of
 * colour blindness. `direction` says which end of the value range is good. With a target the scale
 * diverges: the target sits at the scheme's middle colour, better cells move towards the first colour
 * and worse ones towards the last, each side stretched over its own half of the range.
 */
import {
  Field,
  FieldConfig,
  FieldType,
  GrafanaTheme2,
  getFieldColorModeForField,
  getScaleCalculator,
} from '@grafana/data';

import { Direction } from '../types';

const STEPS = 256;

export interface ColourScale {
  min: number;
  max: number;
  target?: number;
  colourOf(value: number): string;
  /** true when colours come from thresholds (the legend then shows steps rather than a gradient). */
  stepped: boolean;
}

export interface ColourSettings {
  direction: Direction;
  target?: number;
}

/** The lowest and highest of the values coloured; Infinity and -Infinity when there are none. */
export interface Extent {
  low: number;
  high: number;
}

/** The colour range of values of this extent (the matrix finds it while it sums, without an array). */
export function valueRange(
  { low: lowest, high: highest }: Extent,
  config: FieldConfig,
  target?: number,
): { min: number; max: number } {
  const low = target ?? Infinity;
  const high = target ?? -Infinity;
  let min = config.min ?? (lowest < low ? lowest : low);
  let max = config.max ?? (highest > high ? highest : high);
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    return { min: 0, max: 1 };
  }
  if (min === max) {
    // A single value: widen so it sits at the centre rather than dividing by zero.
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  return { min, max };
}

/** The extent of a list of values (NaN, no value, is left out). */
export function extentOf(values: number[]): Extent {
  // A loop, not Math.min(...values): 100k arguments would overflow the stack.
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    low = v < low ? v : low;
    high = v > high ? v : high;
  }
  return { low, high };
}

/** 0 = best, 1 = worst, 0.5 = on target (when there is one). */
export function badness(value: number, min: number, max: number, s: ColourSettings): number {
  const up = s.direction === 'higherIsBetter';
  if (s.target === undefined) {
    const p = (value - min) / (max - min);
    return clamp01(up ? 1 - p : p);
  }
  const worseBy = up ? s.target - value : value - s.target;
  const span = worseBy > 0 ? (up ? s.target - min : max - s.target) : up ? max - s.target : s.target - min;
  const share = span > 0 ? Math.min(1, Math.abs(worseBy) / span) : 1;
  return worseBy === 0 ? 0.5 : worseBy > 0 ? 0.5 + 0.5 * share : 0.5 - 0.5 * share;
}

export function createColourScale(
  values: Extent,
  config: FieldConfig,
  settings: ColourSettings,
  theme: GrafanaTheme2,
): ColourScale {
  const { min, max } = valueRange(values, config, settings.target);
  // Grafana's colour modes read the range from min and max (given), not from the values.
  const field: Field = {
    name: 'value',
    type: FieldType.number,
    config: { ...config, min, max },
    values: [],
    state: {},
  };
  const mode = getFieldColorModeForField(field);
  if (mode.isContinuous) {
    // Continuous schemes colour by position alone; 256 steps look continuous and make the colours few
    // (cells batch into one path per colour, contrast text is worked out once per colour).
    const colourAt = mode.getCalculator(field, theme);
    const palette: string[] = [];
    return {
      min,
      max,
      target: settings.target,
      stepped: false,
      colourOf: (v) => {
        const step = Math.round(badness(v, min, max, settings) * (STEPS - 1));
        return (palette[step] ??= colourAt(v, step / (STEPS - 1)));
      },
    };
  }
  // Thresholds, fixed and palette modes: Grafana's scale calculator decides.
  const scale = getScaleCalculator(field, theme);
  return { min, max, target: settings.target, stepped: true, colourOf: (v) => scale(v).color };
}

function clamp01(x: number): number {
  return Number.isNaN(x) ? 0 : Math.min(1, Math.max(0, x));
}
