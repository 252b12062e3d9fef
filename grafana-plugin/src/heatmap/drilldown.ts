/**
 * Click-through: which dashboard variables a click sets, and the scoped variables data links see.
 */
import { ScopedVars } from '@grafana/data';

import { HeatmapOptions } from '../types';
import { AxisEntry } from './order';

/** URL query update (`var-<name>`) for a click; a total sets only the axis it belongs to. */
export function variableUpdates(
  o: Pick<HeatmapOptions, 'rowVariable' | 'columnVariable'>,
  row: AxisEntry | null,
  column: AxisEntry | null,
): Record<string, string> {
  const updates: Record<string, string> = {};
  if (o.rowVariable && row) {
    updates[`var-${o.rowVariable}`] = row.key;
  }
  if (o.columnVariable && column) {
    updates[`var-${o.columnVariable}`] = column.key;
  }
  return updates;
}

/**
 * Variables for interpolating the panel's data links: `${region}` / `${segment}` (named after the
 * dimensions) become the clicked keys, and `${__field.labels.region}` works as in other panels.
 */
export function linkScopedVars(
  o: Pick<HeatmapOptions, 'rowDimension' | 'columnDimension'>,
  row: AxisEntry | null,
  column: AxisEntry | null,
): ScopedVars {
  const labels: Record<string, string> = {};
  const vars: ScopedVars = {};
  if (row) {
    labels[o.rowDimension] = row.key;
    vars[o.rowDimension] = { text: row.name, value: row.key };
  }
  if (column) {
    labels[o.columnDimension] = column.key;
    vars[o.columnDimension] = { text: column.name, value: column.key };
  }
  vars['__field'] = { text: 'Field', value: { labels, name: 'Value' } };
  return vars;
}
