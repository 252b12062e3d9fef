/**
 * Browser entry of the drawing test (bundled by tests/browser/draw.test.ts): builds a model from
 * Prometheus-shaped data, draws it with drawGrid and with the cell-by-cell reference on two canvases of
 * the same size, and counts the pixels that differ.
 */
import { FieldColorModeId, FieldType, createTheme } from '@grafana/data';

import { toDataFrames } from '../../harness/prometheus';
import { canvasMeasure, drawGrid, hatchPattern } from '../../src/components/draw';
import { computeLayout } from '../../src/heatmap/layout';
import { buildModel } from '../../src/heatmap/model';
import { HeatmapOptions, defaultOptions } from '../../src/types';
import { Row, vector } from './prom';
import { referenceDraw } from './referenceDraw';

export interface DrawCase {
  rows: number;
  columns: number;
  mode: 'ratio' | 'value';
  width: number;
  height: number;
  scrollTop: number;
  dark: boolean;
}

export interface DrawComparison {
  pixels: number;
  differing: number;
  /** Distinct colours on the batched canvas: the test's proof that it drew something. */
  colours: number;
}

const NAMES = ['合肥市包河区', '芜湖市镜湖区', '怀远县', '岳西县供电所第一网格', 'Anqing'];

function responses(c: DrawCase): { numerator: Row[]; denominator: Row[] } {
  let seed = 11;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const numerator: Row[] = [];
  const denominator: Row[] = [];
  for (let r = 0; r < c.rows; r++) {
    for (let col = 0; col < c.columns; col++) {
      if (random() < 0.08) {
        continue; // no series: an empty cell
      }
      const labels = { region: `r${r}`, segment: `s${col}`, name: `${NAMES[r % NAMES.length]}${r}` };
      const due = Math.round(random() * 300); // below 20: masked; 0: no cases
      numerator.push([labels, Math.round(due * random() * 0.15)]);
      denominator.push([labels, due]);
    }
  }
  return { numerator, denominator };
}

function compareDraw(c: DrawCase): DrawComparison {
  const theme = createTheme({ colors: { mode: c.dark ? 'dark' : 'light' } });
  const data = responses(c);
  const frames = [
    ...toDataFrames(vector(data.numerator), 'A', 'time_series'),
    ...(c.mode === 'ratio' ? toDataFrames(vector(data.denominator), 'B', 'time_series') : []),
  ];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type === FieldType.number) {
        field.config = { unit: 'percent', decimals: 1, color: { mode: FieldColorModeId.ContinuousBlYlRd } };
      }
    }
  }
  const options: HeatmapOptions = {
    ...defaultOptions,
    mode: c.mode,
    scale: 100,
    complement: true,
    target: 95,
    minDenominator: 20,
    valueTotal: 'sum',
  };
  const model = buildModel(frames, options, theme, 'zh');
  const canvases = [0, 1].map(() => {
    const canvas = document.createElement('canvas');
    canvas.width = c.width;
    canvas.height = c.height;
    document.body.append(canvas);
    return canvas.getContext('2d')!;
  });
  const measure = canvasMeasure(document.createElement('canvas').getContext('2d')!, theme);
  const layout = computeLayout({
    width: c.width,
    height: c.height,
    rowLabels: model.matrix.rows.map((r) => r.name),
    columnLabels: model.matrix.columns.map((col) => col.name),
    showTotals: true,
    totalLabel: model.text.word('total'),
    measure,
  });
  const input = { model, layout, theme, scrollTop: c.scrollTop, showValues: true };
  const [batched, reference] = canvases as [CanvasRenderingContext2D, CanvasRenderingContext2D];
  drawGrid(batched, input, measure, () => hatchPattern(batched, theme, 1, layout.fontPx));
  referenceDraw(reference, input, measure, hatchPattern(reference, theme, 1, layout.fontPx));
  const a = batched.getImageData(0, 0, c.width, c.height).data;
  const b = reference.getImageData(0, 0, c.width, c.height).data;
  let differing = 0;
  const colours = new Set<number>();
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) {
      differing++;
    }
    colours.add(((a[i]! << 16) | (a[i + 1]! << 8) | a[i + 2]!) * 256 + a[i + 3]!);
  }
  return { pixels: a.length / 4, differing, colours: colours.size };
}

(window as unknown as { compareDraw: typeof compareDraw }).compareDraw = compareDraw;
