import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';
import React from 'react';

import { CellDescription } from '../heatmap/describe';

export interface TooltipLink {
  title: string;
  href: string;
  target?: string;
}

interface Props {
  /** Hidden when nothing is hovered, pinned or focused. */
  visible: boolean;
  /** Pointer position relative to the panel. */
  x: number;
  y: number;
  panelWidth: number;
  panelHeight: number;
  description?: CellDescription;
  /** A label's full text (shown when hovering a truncated row or column label). */
  label?: string;
  /** Links of a pinned tooltip (after a click). */
  links?: TooltipLink[];
  /** Shown on an unpinned cell tooltip when the panel has data links ("click for links"). */
  hint?: string;
  pinned: boolean;
}

const OFFSET = 14;

/** Everything is React text: label values can never become markup. */
export function Tooltip({
  visible,
  x,
  y,
  panelWidth,
  panelHeight,
  description,
  label,
  links,
  hint,
  pinned,
}: Props): React.JSX.Element {
  const theme = useTheme2();
  if (!visible) {
    return (
      <div
        className={styles.tooltip}
        style={{ display: 'none' }}
        role="tooltip"
        data-testid="heatmap-tooltip"
      />
    );
  }
  // Flip to the other side of the pointer near the right or bottom edge.
  const style: React.CSSProperties = { ...themeVariables(theme), pointerEvents: pinned ? 'auto' : 'none' };
  if (x > panelWidth * 0.6) {
    style.right = panelWidth - x + OFFSET;
  } else {
    style.left = x + OFFSET;
  }
  if (y > panelHeight * 0.6) {
    style.bottom = panelHeight - y + OFFSET;
  } else {
    style.top = y + OFFSET;
  }
  return (
    <div className={styles.tooltip} style={style} role="tooltip" data-testid="heatmap-tooltip">
      {label !== undefined && <div className={styles.title}>{label}</div>}
      {description && (
        <>
          <div className={styles.title}>{description.title}</div>
          <table className={styles.table}>
            <tbody>
              {description.lines.map((line) => (
                <tr key={line.label}>
                  <th scope="row">{line.label}</th>
                  <td>{line.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {links && links.length > 0 && (
        <div className={styles.links}>
          {links.map((link) => (
            <a key={link.href + link.title} href={link.href} target={link.target} rel="noreferrer">
              {link.title}
            </a>
          ))}
        </div>
      )}
      {!pinned && hint && description && <div className={styles.hint}>{hint}</div>}
    </div>
  );
}

/**
 * The classes are made once, when the module loads, not on the panel's first render; the theme's values
 * reach them as custom properties set on the shown tooltip.
 */
function themeVariables(theme: GrafanaTheme2): React.CSSProperties {
  const { colors, components, shape, shadows, spacing, typography, zIndex } = theme;
  return {
    '--tooltip-z': zIndex.tooltip,
    '--tooltip-padding': spacing(1, 1.5),
    '--tooltip-background': components.tooltip.background,
    '--tooltip-text': components.tooltip.text,
    '--tooltip-radius': shape.radius.default,
    '--tooltip-shadow': shadows.z3,
    '--tooltip-font-size': typography.bodySmall.fontSize,
    '--tooltip-title-weight': typography.fontWeightMedium,
    '--tooltip-gap': spacing(0.5),
    '--tooltip-key-gap': spacing(1.5),
    '--tooltip-secondary': colors.text.secondary,
    '--tooltip-link': colors.text.link,
  } as React.CSSProperties; // custom properties are not in React's CSS typings
}

const styles = {
  tooltip: css({
    position: 'absolute',
    zIndex: 'var(--tooltip-z)',
    maxWidth: 420,
    padding: 'var(--tooltip-padding)',
    background: 'var(--tooltip-background)',
    color: 'var(--tooltip-text)',
    borderRadius: 'var(--tooltip-radius)',
    boxShadow: 'var(--tooltip-shadow)',
    fontSize: 'var(--tooltip-font-size)',
    overflowWrap: 'anywhere',
  }),
  title: css({ fontWeight: 'var(--tooltip-title-weight)', marginBottom: 'var(--tooltip-gap)' }),
  table: css({
    borderCollapse: 'collapse',
    th: {
      whiteSpace: 'nowrap',
      verticalAlign: 'top',
      fontWeight: 'normal',
      color: 'var(--tooltip-secondary)',
      paddingRight: 'var(--tooltip-key-gap)',
      textAlign: 'left',
    },
    td: { fontVariantNumeric: 'tabular-nums' },
  }),
  links: css({
    display: 'flex',
    flexDirection: 'column',
    marginTop: 'var(--tooltip-gap)',
    a: { color: 'var(--tooltip-link)' },
  }),
  hint: css({ color: 'var(--tooltip-secondary)', fontStyle: 'italic' }),
};
