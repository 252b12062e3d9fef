import { css } from '@emotion/css';
import { DataLink, PanelProps, textUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import React, { useCallback, useMemo } from 'react';

import { grafanaLanguage } from '../grafanaLanguage';
import { linkScopedVars, variableUpdates } from '../heatmap/drilldown';
import { fontFor } from '../heatmap/layout';
import { buildModel } from '../heatmap/model';
import { resolveLanguage } from '../heatmap/text';
import { HeatmapOptions } from '../types';
import { HeatmapGrid } from './HeatmapGrid';
import { GridPosition } from './keyboard';
import { Legend } from './Legend';
import { TooltipLink } from './Tooltip';

export function HeatmapPanel({
  data,
  options,
  width,
  height,
  replaceVariables,
}: PanelProps<HeatmapOptions>): React.JSX.Element {
  const theme = useTheme2();
  const language = resolveLanguage(options.language, grafanaLanguage());
  const model = useMemo(
    () => buildModel(data.series, options, theme, language),
    [data.series, options, theme, language],
  );

  // The legend reads like one more row of the grid: the same type size.
  const bodyRows = model.matrix.rows.length + (options.showTotals ? 1 : 0);
  const legendFontPx = fontFor(width, height, bodyRows + 2);
  const legendHeight = options.showLegend && !model.empty ? Math.round(legendFontPx * 2.2) : 0;

  const onActivate = useCallback(
    ({ row, column }: GridPosition): TooltipLink[] => {
      const r = model.matrix.rows[row] ?? null;
      const c = model.matrix.columns[column] ?? null;
      const updates = variableUpdates(options, r, c);
      if (Object.keys(updates).length > 0) {
        // replace: a drill-down refines the current view rather than adding a history entry per click.
        locationService.partial(updates, true);
      }
      const scoped = linkScopedVars(options, r, c);
      return (model.config.links ?? []).map((link: DataLink) => ({
        title: replaceVariables(link.title, scoped),
        href: textUtil.sanitizeUrl(replaceVariables(link.url, scoped)),
        target: link.targetBlank ? '_blank' : undefined,
      }));
    },
    [model, options, replaceVariables],
  );

  if (model.empty) {
    return (
      <div className={emptyStyle} style={{ width, height }}>
        {model.reason}
      </div>
    );
  }
  return (
    <div style={{ width, height }}>
      <HeatmapGrid
        model={model}
        options={options}
        width={width}
        height={height - legendHeight}
        theme={theme}
        onActivate={onActivate}
      />
      {legendHeight > 0 && <Legend model={model} options={options} fontPx={legendFontPx} />}
    </div>
  );
}

// Made once, when the module loads, not on the panel's first render.
const emptyStyle = css({
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  textAlign: 'center',
});
