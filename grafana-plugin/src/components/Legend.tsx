import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { HeatmapModel } from '../heatmap/model';
import { HeatmapOptions } from '../types';
import { legendGradient, targetPosition } from './legendStops';

interface Props {
  model: HeatmapModel;
  options: HeatmapOptions;
  fontPx: number;
}

/** The colour scale from min to max with the target marked, and what hatched and empty cells mean. */
export function Legend({ model, options, fontPx }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const { scale, format, text } = model;
  const target = targetPosition(scale);
  const better = text.word(options.direction === 'higherIsBetter' ? 'higherIsBetter' : 'lowerIsBetter');
  return (
    <div className={styles.legend} style={{ fontSize: fontPx }} data-testid="heatmap-legend">
      <span className={styles.bound}>{format(scale.min)}</span>
      <div className={styles.bar} style={{ background: legendGradient(scale) }} aria-hidden="true">
        {target !== null && <div className={styles.target} style={{ left: `${target * 100}%` }} />}
      </div>
      <span className={styles.bound}>{format(scale.max)}</span>
      {target !== null && (
        <span className={styles.key}>
          <span className={styles.targetSwatch} /> {text.legendTarget(format(scale.target as number))}
        </span>
      )}
      <span className={styles.note}>{better}</span>
      {options.mode === 'ratio' && options.minDenominator > 0 && (
        <span className={styles.key}>
          <span className={styles.hatched} /> n &lt; {options.minDenominator}
        </span>
      )}
      <span className={styles.key}>
        <span className={styles.empty} /> {text.word('noData')}
      </span>
    </div>
  );
}

function getStyles(theme: GrafanaTheme2) {
  const swatch = css({ display: 'inline-block', width: '1.4em', height: '0.9em', verticalAlign: 'middle' });
  return {
    legend: css({
      display: 'flex',
      alignItems: 'center',
      gap: '0.6em',
      padding: '0.6em 0 0',
      color: theme.colors.text.secondary,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      lineHeight: 1.2,
    }),
    bar: css({
      position: 'relative',
      flex: '0 1 18em',
      minWidth: '5em',
      height: '0.8em',
      borderRadius: theme.shape.radius.default,
    }),
    target: css({
      position: 'absolute',
      top: '-0.25em',
      bottom: '-0.25em',
      width: 2,
      marginLeft: -1,
      background: theme.colors.text.primary,
    }),
    targetSwatch: css({
      display: 'inline-block',
      width: 2,
      height: '1.1em',
      background: theme.colors.text.primary,
    }),
    bound: css({ fontVariantNumeric: 'tabular-nums' }),
    note: css({ fontStyle: 'italic' }),
    key: css({ display: 'inline-flex', alignItems: 'center', gap: '0.3em' }),
    hatched: css(swatch, {
      background: `repeating-linear-gradient(135deg, ${theme.colors.background.secondary} 0 3px, ${theme.colors.border.strong} 3px 4px)`,
    }),
    empty: css(swatch, { border: `1px dashed ${theme.colors.border.medium}` }),
  };
}
