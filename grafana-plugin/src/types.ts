/**
 * Options of the "Service KPI heat map" panel (plugin id `servicekpi-heatmap-panel`).
 *
 * This is the contract dashboards are written against: the JSON `options` object of a panel of this
 * type has exactly these keys. Unit, decimals, min/max, thresholds and colour scheme are NOT here —
 * they come from Grafana's standard field config (`fieldConfig.defaults`).
 */

/** How a value mode reads its queries. */
export type ValueMode = 'value' | 'ratio';

/** Which end of the scale is good: decides the colour direction and the sign of "gap to target". */
export type Direction = 'higherIsBetter' | 'lowerIsBetter';

/**
 * How rows or columns are ordered: `code` by key in the region tree's order (a city, then its counties),
 * `name` by display name in Chinese (pinyin) collation, `value` by the row's/column's KPI total (worst
 * first), `total` by volume (Σdenominator in ratio mode, Σvalue in value mode, largest first), `custom` by
 * the comma-separated list in customRowOrder / customColumnOrder.
 */
export type AxisOrder = 'code' | 'name' | 'value' | 'total' | 'custom';

/** The language of the panel's own text: `auto` follows Grafana's user language. */
export type PanelLanguage = 'auto' | 'zh' | 'en';

/** How totals are formed in value mode (ratio mode always uses Σnumerator / Σdenominator). */
export type ValueTotal = 'sum' | 'mean' | 'min' | 'max';

export interface HeatmapOptions {
  /** Language of the panel's own words (totals, tooltip, legend); Chinese when nothing says otherwise. */
  language: PanelLanguage;

  /** Label whose values become rows. */
  rowDimension: string;
  /** Label whose values become columns. */
  columnDimension: string;
  /**
   * Optional label carrying a human name for the row key: on the data's series (e.g. `name` joined from
   * crm_region_info) or on a name-source series that has the row label but no column label (crm_region_info
   * as its own query). Value mappings in the field config take precedence.
   */
  rowDisplayLabel?: string;
  /** Optional label carrying a human name for the column key. */
  columnDisplayLabel?: string;

  /** `value`: one query per cell; `ratio`: numerator / denominator queries picked by refId. */
  mode: ValueMode;
  /** refId of the numerator query (ratio mode) or of the only query used (value mode). */
  numeratorRefId: string;
  /** refId of the denominator query (ratio mode). */
  denominatorRefId: string;
  /** Multiplies the ratio (1, 100, 10000 …). Ignored in value mode. */
  scale: number;
  /** Ratio mode: show `scale × (1 − num/den)` instead of `scale × num/den` (e.g. timeliness from late/due). */
  complement: boolean;
  /** A Grafana ReducerID (`lastNotNull`, `mean`, `max`, `sum`, …) that turns a range series into one number. */
  reducer: string;

  /** Value mode: how row/column/grand totals combine cell values (`sum` for counts such as crm_customers). */
  valueTotal: ValueTotal;

  /** Whether high or low values are good. */
  direction: Direction;
  /** SLA target; when set, colours diverge around it and the tooltip shows the gap. */
  target?: number;
  /** Ratio mode: cells (and totals) whose denominator is below this are masked. 0 disables masking. */
  minDenominator: number;

  /** Print the formatted value inside each cell (when it fits). */
  showValues: boolean;
  /** Add a totals column, a totals row and the grand total (Σnum / Σden in ratio mode). */
  showTotals: boolean;
  /** Show the colour legend with the target marked. */
  showLegend: boolean;

  rowOrder: AxisOrder;
  columnOrder: AxisOrder;
  /** Comma-separated keys (or display names) in the wanted order; unknown ones follow by name. */
  customRowOrder: string;
  customColumnOrder: string;

  /** Dashboard variable set to the row key on click (empty = none). */
  rowVariable: string;
  /** Dashboard variable set to the column key on click (empty = none). */
  columnVariable: string;
}

export const defaultOptions: HeatmapOptions = {
  language: 'auto',
  rowDimension: 'region',
  columnDimension: 'segment',
  rowDisplayLabel: 'name',
  columnDisplayLabel: '',
  mode: 'value',
  numeratorRefId: 'A',
  denominatorRefId: 'B',
  scale: 1,
  complement: false,
  reducer: 'lastNotNull',
  valueTotal: 'sum',
  direction: 'higherIsBetter',
  target: undefined,
  minDenominator: 0,
  showValues: true,
  showTotals: true,
  showLegend: true,
  rowOrder: 'code',
  columnOrder: 'name',
  customRowOrder: '',
  customColumnOrder: '',
  rowVariable: 'region',
  columnVariable: 'segment',
};
