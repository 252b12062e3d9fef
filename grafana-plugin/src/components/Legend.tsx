import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';
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
  const theme = useTheme2();
  const { scale, format, text } = model;
  const target = targetPosition(scale);
  const better = text.word(options.direction === 'higherIsBetter' ? 'higherIsBetter' : 'lowerIsBetter');
  return (
    <div
      className={styles.legend}
      style={{ fontSize: fontPx, ...themeColours(theme) }}
      data-testid="heatmap-legend"
    >
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

/**
 * The classes are made once, when the module loads, not on the panel's first render; the theme's
 * colours reach them as custom properties set on the legend.
 */
function themeColours(theme: GrafanaTheme2): React.CSSProperties {
  const { colors, shape } = theme;
  return {
    '--legend-text': colors.text.secondary,
    '--legend-mark': colors.text.primary,
    '--legend-radius': shape.radius.default,
    '--legend-hatch-ground': colors.background.secondary,
    '--legend-hatch-line': colors.border.strong,
    '--legend-empty': colors.border.medium,
  } as React.CSSProperties; // custom properties are not in React's CSS typings
}

const swatch = css({ display: 'inline-block', width: '1.4em', height: '0.9em', verticalAlign: 'middle' });
const styles = {
  legend: css({
    display: 'flex',
    alignItems: 'center',
    gap: '0.6em',
    padding: '0.6em 0 0',
    color: 'var(--legend-text)',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    lineHeight: 1.2,
  }),
  bar: css({
    position: 'relative',
    flex: '0 1 18em',
    minWidth: '5em',
    height: '0.8em',
    borderRadius: 'var(--legend-radius)',
  }),
  target: css({
    position: 'absolute',
    top: '-0.25em',
    bottom: '-0.25em',
    width: 2,
    marginLeft: -1,
    background: 'var(--legend-mark)',
  }),
  targetSwatch: css({
    display: 'inline-block',
    width: 2,
    height: '1.1em',
    background: 'var(--legend-mark)',
  }),
  bound: css({ fontVariantNumeric: 'tabular-nums' }),
  note: css({ fontStyle: 'italic' }),
  key: css({ display: 'inline-flex', alignItems: 'center', gap: '0.3em' }),
  hatched: css(swatch, {
    background:
      'repeating-linear-gradient(135deg, var(--legend-hatch-ground) 0 3px, var(--legend-hatch-line) 3px 4px)',
  }),
  empty: css(swatch, { border: '1px dashed var(--legend-empty)' }),
};
