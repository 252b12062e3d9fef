import { FieldColorModeId, ThresholdsMode, createTheme, fieldColorModeRegistry } from '@grafana/data';

import { badness, createColourScale, extentOf, valueRange } from '../../src/heatmap/colour';

const theme = createTheme({ colors: { mode: 'dark' } });
const schemeColours = (id: string): string[] => fieldColorModeRegistry.get(id).getColors!(theme);

describe('badness (0 best … 1 worst)', () => {
  it('runs along the range in the chosen direction', () => {
    expect(badness(100, 90, 100, { direction: 'higherIsBetter' })).toBe(0);
    expect(badness(90, 90, 100, { direction: 'higherIsBetter' })).toBe(1);
    expect(badness(92.5, 90, 100, { direction: 'lowerIsBetter' })).toBeCloseTo(0.25);
  });

  it('diverges around the target, each side over its own span', () => {
    const up = { direction: 'higherIsBetter' as const, target: 95 };
    expect(badness(95, 80, 100, up)).toBe(0.5);
    expect(badness(80, 80, 100, up)).toBe(1);
    expect(badness(87.5, 80, 100, up)).toBeCloseTo(0.75); // half-way down the 15-point bad side
    expect(badness(97.5, 80, 100, up)).toBeCloseTo(0.25); // half-way up the 5-point good side
    const down = { direction: 'lowerIsBetter' as const, target: 2 };
    expect(badness(4, 0, 10, down)).toBeCloseTo(0.5 + 0.5 * (2 / 8));
  });
});

describe('valueRange', () => {
  it('uses configured min/max, else the data, and always includes the target', () => {
    expect(valueRange(extentOf([3, 7]), {})).toEqual({ min: 3, max: 7 });
    expect(valueRange(extentOf([3, 7]), { min: 0 })).toEqual({ min: 0, max: 7 });
    expect(valueRange(extentOf([96, 99]), {}, 95)).toEqual({ min: 95, max: 99 });
  });
  it('widens a single value instead of dividing by zero', () => {
    expect(valueRange(extentOf([5]), {})).toEqual({ min: 4.5, max: 5.5 });
  });
  it('copes with 100k values (no argument spreading)', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    expect(valueRange(extentOf(many), {})).toEqual({ min: 0, max: 199_999 });
  });
});

describe('createColourScale', () => {
  it('paints the best cell with the scheme’s first colour and the worst with its last', () => {
    const config = { color: { mode: FieldColorModeId.ContinuousBlYlRd } };
    const colours = schemeColours(FieldColorModeId.ContinuousBlYlRd);
    const up = createColourScale(extentOf([90, 100]), config, { direction: 'higherIsBetter' }, theme);
    const down = createColourScale(extentOf([90, 100]), config, { direction: 'lowerIsBetter' }, theme);
    const norm = (c: string): string => c.toLowerCase();
    expect(norm(up.colourOf(100))).toBe(norm(down.colourOf(90)));
    expect(norm(up.colourOf(90))).toBe(norm(down.colourOf(100)));
    expect(up.colourOf(100)).not.toBe(up.colourOf(90));
    expect(colours.length).toBeGreaterThan(1);
    expect(up.stepped).toBe(false);
  });

  it('follows thresholds when the colour mode is thresholds', () => {
    const config = {
      color: { mode: FieldColorModeId.Thresholds },
      thresholds: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'red' },
          { value: 95, color: 'green' },
        ],
      },
    };
    const scale = createColourScale(extentOf([90, 99]), config, { direction: 'higherIsBetter' }, theme);
    expect(scale.stepped).toBe(true);
    expect(scale.colourOf(96)).toBe(theme.visualization.getColorByName('green'));
    expect(scale.colourOf(94)).toBe(theme.visualization.getColorByName('red'));
  });
});
