import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
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
  const styles = useStyles2(getStyles);
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
  const style: React.CSSProperties = { pointerEvents: pinned ? 'auto' : 'none' };
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

function getStyles(theme: GrafanaTheme2) {
  return {
    tooltip: css({
      position: 'absolute',
      zIndex: theme.zIndex.tooltip,
      maxWidth: 420,
      padding: theme.spacing(1, 1.5),
      background: theme.components.tooltip.background,
      color: theme.components.tooltip.text,
      borderRadius: theme.shape.radius.default,
      boxShadow: theme.shadows.z3,
      fontSize: theme.typography.bodySmall.fontSize,
      overflowWrap: 'anywhere',
    }),
    title: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
    table: css({
      borderCollapse: 'collapse',
      th: {
        whiteSpace: 'nowrap',
        verticalAlign: 'top',
        fontWeight: 'normal',
        color: theme.colors.text.secondary,
        paddingRight: theme.spacing(1.5),
        textAlign: 'left',
      },
      td: { fontVariantNumeric: 'tabular-nums' },
    }),
    links: css({
      display: 'flex',
      flexDirection: 'column',
      marginTop: theme.spacing(0.5),
      a: { color: theme.colors.text.link },
    }),
    hint: css({ color: theme.colors.text.secondary, fontStyle: 'italic' }),
  };
}
