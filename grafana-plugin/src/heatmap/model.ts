/**
 * The whole pure pipeline the panel renders: frames → samples → matrix (+ totals, order) → colours,
 * plus Grafana's display processor for formatting. No React, no canvas.
 */
import {
  DataFrame,
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
import { extractSamples } from './samples';

export interface HeatmapModel {
  matrix: Matrix;
  scale: ColourScale;
  /** The value field's config as Grafana applied it (unit, decimals, colour, data links). */
  config: FieldConfig;
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

export function buildModel(series: DataFrame[], options: HeatmapOptions, theme: GrafanaTheme2): HeatmapModel {
  const ratio = options.mode === 'ratio';
  const dims = options;
  // In value mode a single unnamed query is accepted whatever its refId.
  const refIds = new Set(series.map((f) => f.refId));
  const valueRefId = ratio || refIds.has(options.numeratorRefId) ? options.numeratorRefId : undefined;
  const num = extractSamples(series, valueRefId, dims, options.reducer);
  const den = ratio
    ? extractSamples(series, options.denominatorRefId, dims, options.reducer)
    : { samples: [], unplaced: 0 };
  const matrix = buildMatrix(num.samples, den.samples, options);

  const config = valueFieldConfig(series, valueRefId);
  const values = matrix.cells.filter((c) => c.state === 'value').map((c) => c.value as number);
  const scale = createColourScale(
    values,
    config,
    { direction: options.direction, target: options.target },
    theme,
  );
  const display = getDisplayProcessor({ field: { type: FieldType.number, config }, theme });

  const empty = matrix.rows.length === 0 || matrix.columns.length === 0;
  return {
    matrix,
    scale,
    config,
    totalsComparable: ratio || options.valueTotal !== 'sum',
    format: (v) => formattedValueToString(display(v)),
    unplaced: num.unplaced + den.unplaced,
    empty,
    reason: empty ? emptyReason(series, options, num.unplaced + den.unplaced) : undefined,
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

function emptyReason(series: DataFrame[], o: HeatmapOptions, unplaced: number): string {
  if (series.length === 0) {
    return 'No data';
  }
  if (unplaced > 0) {
    return `No series has both the "${o.rowDimension}" and "${o.columnDimension}" labels`;
  }
  if (o.mode === 'ratio') {
    return `No data for queries ${o.numeratorRefId} (numerator) and ${o.denominatorRefId} (denominator)`;
  }
  return 'No data';
}
