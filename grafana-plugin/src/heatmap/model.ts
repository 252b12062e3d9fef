/**
 * The whole pure pipeline the panel renders: frames → samples → matrix (+ totals, order) → colours,
 * plus Grafana's display processor for formatting. No React, no canvas.
 */
import {
  DataFrame,
  FieldColorModeId,
  FieldConfig,
  FieldType,
  GrafanaTheme2,
  formattedValueToString,
  getDisplayProcessor,
} from '@grafana/data';

import { HeatmapOptions } from '../types';
import { Cell } from './cells';
import { ColourScale, createColourScale } from './colour';
import { Matrix, buildMatrix } from './matrix';
import { axisNames } from './names';
import { extract } from './samples';
import { Language, PanelText, panelText } from './text';

export interface HeatmapModel {
  matrix: Matrix;
  scale: ColourScale;
  /** The value field's config as Grafana applied it (unit, decimals, colour, data links, mappings). */
  config: FieldConfig;
  /** The panel's own words, in the panel's language. */
  text: PanelText;
  /**
   * Whether totals are on the cells' scale and get coloured: always for ratios, not for value-mode sums
   * (a region's total customers is not comparable with one cell's).
   */
  totalsComparable: boolean;
  /** Formats a KPI value with the panel's unit and decimals. */
  format: (value: number) => string;
  /** Series that could not be placed because they lack the row or column label. */
  unplaced: number;
  /** True when there is nothing to draw; `reason` says why in words a user can act on. */
  empty: boolean;
  reason?: string;
}

export function buildModel(
  series: DataFrame[],
  options: HeatmapOptions,
  theme: GrafanaTheme2,
  language: Language,
): HeatmapModel {
  const ratio = options.mode === 'ratio';
  // In value mode a single unnamed query is accepted whatever its refId.
  const valueRefId =
    ratio || series.some((f) => f.refId === options.numeratorRefId) ? options.numeratorRefId : undefined;
  const found = extract(
    series,
    options,
    { numerator: valueRefId, denominator: ratio ? options.denominatorRefId : null },
    options.reducer,
  );
  const config = valueFieldConfig(series, valueRefId);
  const label = (axis: typeof found.rows, dimension: string) => ({
    keys: axis.keys,
    names: axisNames(axis, dimension, config.mappings, language, theme),
  });
  const matrix = buildMatrix(
    label(found.rows, options.rowDimension),
    label(found.columns, options.columnDimension),
    found.numerator,
    found.denominator,
    options,
  );

  const scale = createColourScale(
    matrix.extent,
    config,
    { direction: options.direction, target: options.target },
    theme,
  );
  // The mappings name rows and columns; applied to the numbers they could turn a value of 1 into "1次".
  // Only the text is used: a fixed colour and no thresholds spare the processor working out a colour
  // (through the scheme's interpolation) for every value it formats.
  const display = getDisplayProcessor({
    field: {
      type: FieldType.number,
      config: {
        ...config,
        mappings: undefined,
        color: { mode: FieldColorModeId.Fixed },
        thresholds: undefined,
      },
    },
    theme,
  });

  const text = panelText(language);
  const empty = matrix.rows.length === 0 || matrix.columns.length === 0;
  return {
    matrix,
    scale,
    config,
    text,
    totalsComparable: ratio || options.valueTotal !== 'sum',
    format: memoised((v) => formattedValueToString(display(v))),
    unplaced: found.unplaced,
    empty,
    reason: empty ? emptyReason(series, options, found.unplaced, text) : undefined,
  };
}

/** Values repeat across cells (a percentage to one decimal has a thousand texts): each is formatted once. */
function memoised(format: (value: number) => string): (value: number) => string {
  const texts = new Map<number, string>();
  return (value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = format(value);
      if (texts.size < 100_000) {
        texts.set(value, text);
      }
    }
    return text;
  };
}

export function cellColour(model: HeatmapModel, cell: Cell): string | null {
  return cell.state === 'value' && cell.value !== null ? model.scale.colourOf(cell.value) : null;
}

/** The field config (unit, decimals, min/max, thresholds, colour) Grafana applied to the value field. */
function valueFieldConfig(series: DataFrame[], refId: string | undefined): FieldConfig {
  for (const frame of series) {
    if (refId && frame.refId !== refId) {
      continue;
    }
    const field = frame.fields.find((f) => f.type === FieldType.number);
    if (field) {
      return field.config;
    }
  }
  return {};
}

function emptyReason(series: DataFrame[], o: HeatmapOptions, unplaced: number, text: PanelText): string {
  if (series.length === 0) {
    return text.word('noData');
  }
  if (unplaced > 0) {
    return text.noSeriesWithLabels(o.rowDimension, o.columnDimension);
  }
  if (o.mode === 'ratio') {
    return text.noRatioData(o.numeratorRefId, o.denominatorRefId);
  }
  return text.word('noData');
}
