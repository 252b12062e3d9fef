import {
  EventBusSrv,
  FieldConfig,
  FieldType,
  MappingType,
  LoadingState,
  ThemeContext,
  createTheme,
  getDefaultTimeRange,
} from '@grafana/data';
import { config, locationService } from '@grafana/runtime';
import { LABEL_NAMES, LANGUAGES, PANEL_TEXT } from '@service-kpi-monitor/catalog';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import React from 'react';

import { toDataFrames } from '../../harness/prometheus';
import { HeatmapPanel } from '../../src/components/HeatmapPanel';
import { columnX, computeLayout, rowY } from '../../src/heatmap/layout';
import { HeatmapOptions, defaultOptions } from '../../src/types';
import { cell, vector } from '../support/prom';

const HOSTILE = '<img src=x onerror=alert(1)>';
// 镜湖区: residential 90 late of 1000 (91 %), commercial 1 late of 10 (masked, n < 20).
// 包河区: residential 20 of 400 (95 %); commercial has no series at all.
const late = vector([
  [cell('ah.wuhu.jinghu', 'residential', { name: '镜湖区' }), 90],
  [cell('ah.wuhu.jinghu', 'commercial', { name: '镜湖区' }), 1],
  [cell('ah.hefei.baohe', 'residential', { name: HOSTILE }), 20],
]);
const due = vector([
  [cell('ah.wuhu.jinghu', 'residential', { name: '镜湖区' }), 1000],
  [cell('ah.wuhu.jinghu', 'commercial', { name: '镜湖区' }), 10],
  [cell('ah.hefei.baohe', 'residential', { name: HOSTILE }), 400],
]);
const options: HeatmapOptions = {
  ...defaultOptions,
  mode: 'ratio',
  scale: 100,
  complement: true,
  target: 93,
  minDenominator: 20,
};
const WIDTH = 800;
const HEIGHT = 300;

function frames(extra: FieldConfig = {}) {
  const all = [...toDataFrames(late, 'A', 'time_series'), ...toDataFrames(due, 'B', 'time_series')];
  for (const f of all) {
    for (const field of f.fields) {
      if (field.type === FieldType.number) {
        field.config = {
          unit: 'percent',
          decimals: 1,
          links: [{ title: 'Detail of ${region}', url: '/d/detail?var-region=${region}' }],
          ...extra,
        };
      }
    }
  }
  return all;
}

function renderPanel(o: Partial<HeatmapOptions> = {}, series = frames()) {
  const timeRange = getDefaultTimeRange();
  return render(
    <ThemeContext.Provider value={createTheme()}>
      <HeatmapPanel
        id={1}
        title="t"
        data={{ series, state: LoadingState.Done, timeRange }}
        timeRange={timeRange}
        timeZone="utc"
        options={{ ...options, ...o }}
        fieldConfig={{ defaults: {}, overrides: [] }}
        transparent={false}
        width={WIDTH}
        height={HEIGHT}
        renderCounter={0}
        eventBus={new EventBusSrv()}
        onOptionsChange={() => undefined}
        onFieldConfigChange={() => undefined}
        replaceVariables={(text, scoped) => text.replace('${region}', String(scoped?.region?.value ?? ''))}
        onChangeTimeRange={() => undefined}
      />
    </ThemeContext.Provider>,
  );
}

/** The same pure layout the panel uses (jsdom: 0.6 em per character, no legend). */
function panelLayout() {
  return computeLayout({
    width: WIDTH,
    height: HEIGHT,
    rowLabels: [HOSTILE, '镜湖区'],
    columnLabels: ['工商业', '居民'],
    showTotals: true,
    totalLabel: '合计',
    measure: (t, px) => t.length * px * 0.6,
  });
}

/** Centre of a cell. */
function centre(row: number, column: number): { clientX: number; clientY: number } {
  const l = panelLayout();
  return { clientX: columnX(l, column) + l.cellWidth / 2, clientY: rowY(l, row) + l.cellHeight / 2 };
}

describe('HeatmapPanel', () => {
  beforeEach(() => locationService.replace('/'));

  it('sizes its canvas and pointer surface to the rows drawn when they do not fill the panel', () => {
    renderPanel();
    const grid = panelLayout();
    expect(grid.contentHeight).toBeLessThan(HEIGHT - 50); // two rows and totals at most 4 em tall each
    const canvas = screen.getByTestId('heatmap-grid').querySelector('canvas')!;
    expect(Number(canvas.getAttribute('height'))).toBe(Math.ceil(grid.contentHeight));
    expect(canvas.style.height).toBe(`${Math.ceil(grid.contentHeight)}px`);
    // The hover and focus outlines get a canvas of their own, only as big as a cell.
    expect(screen.getByTestId('heatmap-canvas').style.height).toBe(`${Math.ceil(grid.contentHeight)}px`);
  });

  it('shows the legend with formatted bounds, the target and what masks mean, in Chinese', () => {
    renderPanel();
    const legend = screen.getByTestId('heatmap-legend');
    expect(legend.textContent).toContain('91.0%'); // worst cell: 1 − 90/1000
    expect(legend.textContent).toContain('95.0%'); // best: 1 − 20/400
    expect(legend.textContent).toContain('目标 93.0%');
    expect(legend.textContent).toContain('越高越好');
    expect(legend.textContent).toContain('n < 20');
    expect(legend.textContent).toContain('无数据');
  });

  it('tooltips a hovered cell with value, n and gap to target, segments by their Chinese names', () => {
    renderPanel({ showLegend: false });
    // Rows by code: ah.hefei.baohe ("<img …>") before ah.wuhu.jinghu; columns by pinyin: 工商业, 居民.
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(1, 1));
    const tip = within(screen.getByRole('tooltip'));
    expect(tip.getByText('镜湖区 · 居民')).toBeTruthy();
    expect(tip.getByText('91.0%')).toBeTruthy();
    expect(tip.getByText('90 / 1,000')).toBeTruthy();
    expect(tip.getByText('差于目标 2.0%')).toBeTruthy();
    expect(tip.getByText('点击查看链接')).toBeTruthy();
  });

  it('says why a masked cell has no colour, and distinguishes a missing one', () => {
    renderPanel({ showLegend: false });
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(1, 0));
    expect(screen.getByRole('tooltip').textContent).toContain('样本过少（n = 10 < 20）');
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(0, 0));
    expect(screen.getByRole('tooltip').textContent).toContain('无数据');
  });

  it('totals are Σlate / Σdue', () => {
    renderPanel({ showLegend: false });
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(2, 2));
    const tip = screen.getByRole('tooltip').textContent ?? '';
    expect(tip).toContain('合计 · 合计');
    expect(tip).toContain(`${(100 * (1 - 111 / 1410)).toFixed(1)}%`);
    expect(tip).toContain('111 / 1,410');
  });

  it('speaks English when the option says so', () => {
    renderPanel({ language: 'en' });
    expect(screen.getByTestId('heatmap-legend').textContent).toContain('target 93.0%');
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(1, 1));
    const tip = within(screen.getByRole('tooltip'));
    expect(tip.getByText('镜湖区 · Residential')).toBeTruthy();
    expect(tip.getByText('2.0% worse')).toBeTruthy();
    expect(tip.getByText('Gap to target')).toBeTruthy();
  });

  it.each(LANGUAGES)('says the catalog’s words in %s: legend, tooltip fields, totals', (language) => {
    renderPanel({ language });
    const legend = screen.getByTestId('heatmap-legend').textContent ?? '';
    expect(legend).toContain(PANEL_TEXT.legendTarget[language].replace('{value}', '93.0%'));
    expect(legend).toContain(PANEL_TEXT.higherIsBetter[language]);
    expect(legend).toContain(PANEL_TEXT.noData[language]);
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(1, 1));
    const tip = within(screen.getByRole('tooltip'));
    const key = (label: 'region' | 'segment') =>
      PANEL_TEXT.labelKey[language].replace('{label}', LABEL_NAMES[label][language]);
    const fields = [...screen.getByRole('tooltip').querySelectorAll('th')].map((th) => th.textContent);
    expect(fields).toEqual([
      key('region'),
      key('segment'),
      PANEL_TEXT.value[language],
      PANEL_TEXT.numeratorDenominator[language],
      PANEL_TEXT.target[language],
      PANEL_TEXT.gapToTarget[language],
    ]);
    expect(tip.getByText(PANEL_TEXT.worse[language].replace('{size}', '2.0%'))).toBeTruthy();
    expect(tip.getByText(PANEL_TEXT.clickForLinks[language])).toBeTruthy();
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(2, 2));
    const total = PANEL_TEXT.total[language];
    expect(within(screen.getByRole('tooltip')).getByText(`${total} · ${total}`)).toBeTruthy();
  });

  it('follows Grafana’s user language on auto', () => {
    const before = config.language;
    try {
      config.language = 'en-US';
      renderPanel({ language: 'auto' });
      expect(screen.getByRole('grid').getAttribute('aria-label')).toMatch(/^Heat map, 2 rows by 2 columns/);
    } finally {
      config.language = before;
    }
  });

  it('names columns through the field’s value mappings', () => {
    const mappings = [
      { type: MappingType.ValueToText, options: { residential: { text: '城乡居民' } } },
    ] as const;
    renderPanel({ showLegend: false }, frames({ mappings: [...mappings] }));
    // 城乡居民 (chéng) now sorts before 工商业 (gōng).
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(1, 0));
    expect(within(screen.getByRole('tooltip')).getByText('镜湖区 · 城乡居民')).toBeTruthy();
  });

  it('drills down on click: sets the dashboard variables and offers the data links', () => {
    renderPanel({ showLegend: false });
    fireEvent.click(screen.getByTestId('heatmap-canvas'), centre(1, 1));
    expect(locationService.getSearchObject()).toMatchObject({
      'var-region': 'ah.wuhu.jinghu',
      'var-segment': 'residential',
    });
    const link = within(screen.getByRole('tooltip')).getByRole('link');
    expect(link.textContent).toBe('Detail of ah.wuhu.jinghu');
    expect(link.getAttribute('href')).toBe('/d/detail?var-region=ah.wuhu.jinghu');
  });

  it('is keyboard navigable and announces the focused cell', () => {
    renderPanel();
    const grid = screen.getByRole('grid');
    act(() => grid.focus());
    expect(screen.getByTestId('heatmap-announcer').textContent).toMatch(
      /^<img src=x onerror=alert\(1\)> · 工商业/,
    );
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(screen.getByTestId('heatmap-announcer').textContent).toMatch(
      /^镜湖区 · 居民。地区代码：ah\.wuhu\.jinghu。客户分群代码：residential。数值：91\.0%/,
    );
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(locationService.getSearchObject()).toMatchObject({
      'var-region': 'ah.wuhu.jinghu',
      'var-segment': 'residential',
    });
  });

  it('renders hostile label values as text, never as markup', () => {
    const { container } = renderPanel({ showLegend: false });
    fireEvent.mouseMove(screen.getByTestId('heatmap-canvas'), centre(0, 1));
    expect(screen.getByRole('tooltip').textContent).toContain(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
  });

  it('explains an empty panel instead of drawing nothing', () => {
    renderPanel({}, []);
    expect(screen.getByText('无数据')).toBeTruthy();
  });
});
