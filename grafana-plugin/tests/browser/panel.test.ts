/**
 * The built plugin (dist/module.js, loaded as Grafana loads it) in real Chromium, fed with the harness
 * fixtures through the Prometheus response → DataFrame conversion, under the real Grafana theme.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';

import { PromResponse } from '../../harness/prometheus';
import { HOSTILE_COLUMN, HOSTILE_ROW } from '../../harness/hostile';
import {
  SKIP_MESSAGE,
  Session,
  buildAll,
  cellCentre,
  geometry,
  hasChromium,
  openHarness,
  startSession,
} from '../support/browser';

const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const fixture = (id: string): PromResponse =>
  JSON.parse(readFileSync(join(__dirname, '../../harness/fixtures', `${id}.json`), 'utf8')) as PromResponse;

// Project-level testTimeout is not honoured for every Jest runner; a browser round trip can take seconds.
jest.setTimeout(60000);

if (!hasChromium) {
  console.warn(SKIP_MESSAGE);
}
const describeInChromium = hasChromium ? describe : describe.skip;

describeInChromium('heat-map panel in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildAll();
    session = await startSession();
  }, 120000);
  afterAll(async () => session?.close());

  /** Row and column index of a region/segment as the panel orders them, found by their display names. */
  async function indexOf(
    page: Page,
    regionName: string,
    segmentName: string,
  ): Promise<{ row: number; column: number }> {
    const row = await findByKeyboard(page, (text) => text.startsWith(`${regionName} · `), 'ArrowDown');
    // The announcement's first sentence ends with "。" in Chinese, ". " in English.
    const column = await findByKeyboard(
      page,
      (text) => text.includes(` · ${segmentName}。`) || text.includes(` · ${segmentName}. `),
      'ArrowRight',
    );
    return { row, column };
  }

  /** Walks the focus along one axis and reads the screen-reader announcement until it matches. */
  async function findByKeyboard(page: Page, match: (text: string) => boolean, key: string): Promise<number> {
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press(key === 'ArrowDown' ? 'Home' : 'Home');
    for (let i = 0; i < 60; i++) {
      if (match((await page.getByTestId('heatmap-announcer').textContent()) ?? '')) {
        return i;
      }
      await page.keyboard.press(key);
    }
    throw new Error('not found by keyboard');
  }

  it('hovers a cell and reads value, n, target and gap from the tooltip, in Chinese', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=dark');
    const late = fixture('closure-late').data.result.find(
      (s) => s.metric.region === 'ah.bengbu.huaiyuan' && s.metric.segment === 'residential',
    );
    const due = fixture('closure-due').data.result.find(
      (s) => s.metric.region === 'ah.bengbu.huaiyuan' && s.metric.segment === 'residential',
    );
    const expected = 100 * (1 - Number(late!.value![1]) / Number(due!.value![1]));

    const { row, column } = await indexOf(page, '怀远县', '居民');
    await page.getByRole('grid').blur();
    const at = await cellCentre(page, row, column);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.getByTestId('heatmap-tooltip');
    await tooltip.waitFor();
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toContain('怀远县 · 居民');
    expect(text).toContain('地区代码ah.bengbu.huaiyuan');
    expect(text).toContain(`数值${expected.toFixed(1)}%`);
    expect(text).toContain('目标95.0%');
    const gap = `${Math.abs(expected - 95).toFixed(1)}%`;
    expect(text).toContain(expected >= 95 ? `优于目标 ${gap}` : `差于目标 ${gap}`);
    await page.screenshot({ path: join(ARTIFACTS, 'hover-dark.png') });
    await page.close();
  });

  it('takes the theme’s colours into its legend and tooltip (light and dark)', async () => {
    for (const mode of ['light', 'dark'] as const) {
      const page = await openHarness(session, `scenario=timeliness&theme=${mode}`);
      const theme = await page.evaluate(() => {
        const t = window.harnessTheme;
        return {
          legend: t.colors.text.secondary,
          tooltipBackground: t.components.tooltip.background,
          tooltipText: t.components.tooltip.text,
          tooltipFontSize: t.typography.bodySmall.fontSize,
          isDark: t.isDark,
        };
      });
      expect(theme.isDark).toBe(mode === 'dark');
      // The browser's own spelling of the theme's values, to compare with what the panel's classes give.
      const computed = (property: 'color' | 'fontSize', value: string): Promise<string> =>
        page.evaluate(
          ([p, v]) => {
            const probe = document.createElement('div');
            probe.style[p] = v;
            document.body.append(probe);
            const out = getComputedStyle(probe)[p];
            probe.remove();
            return out;
          },
          [property, value] as const,
        );
      const legend = page.getByTestId('heatmap-legend');
      expect(await legend.evaluate((e) => getComputedStyle(e).color)).toBe(
        await computed('color', theme.legend),
      );
      const at = await cellCentre(page, 0, 0);
      await page.mouse.move(at.x, at.y);
      const tooltip = page.getByTestId('heatmap-tooltip');
      await tooltip.waitFor();
      const style = await tooltip.evaluate((e) => {
        const s = getComputedStyle(e);
        return { background: s.backgroundColor, color: s.color, fontSize: s.fontSize };
      });
      expect(style.background).toBe(await computed('color', theme.tooltipBackground));
      expect(style.color).toBe(await computed('color', theme.tooltipText));
      expect(style.fontSize).toBe(await computed('fontSize', theme.tooltipFontSize));
      await page.close();
    }
  });

  it('clicks a cell: the dashboard variables change and the data link is offered', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=light');
    const { row, column } = await indexOf(page, '镜湖区', '工商业');
    await page.getByRole('grid').blur();
    const at = await cellCentre(page, row, column);
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('variables').textContent()).resolves.toBe(
      'region = ah.wuhu.jinghu, segment = commercial',
    );
    expect(new URL(page.url()).searchParams.get('var-region')).toBe('ah.wuhu.jinghu');
    const link = page.getByTestId('heatmap-tooltip').getByRole('link');
    await expect(link.getAttribute('href')).resolves.toBe(
      '/d/region-detail?var-region=ah.wuhu.jinghu&var-segment=commercial',
    );
    await expect(link.textContent()).resolves.toBe('Open ah.wuhu.jinghu / commercial');
    await page.screenshot({ path: join(ARTIFACTS, 'click-light.png') });
    await page.close();
  });

  it('drills down from the keyboard alone', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=dark');
    await page.getByRole('grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End'); // the totals column: sets the region only
    await page.keyboard.press('Enter');
    const vars = await page.getByTestId('variables').textContent();
    expect(vars).toMatch(/^region = ah\.[a-z]+\.[a-z]+$/);
    await page.close();
  });

  it('renders hostile label values as text: nothing executes, no element is injected', async () => {
    const page = await openHarness(session, 'scenario=xss&theme=dark');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Hover the hostile row's label (truncated on the canvas) and a cell of the hostile column.
    const { row, column } = await indexOf(page, HOSTILE_ROW, HOSTILE_COLUMN);
    await page.getByRole('grid').blur();
    const at = await cellCentre(page, row, column);
    await page.mouse.move(at.x, at.y);
    const text = await page.getByTestId('heatmap-tooltip').textContent();
    expect(text).toContain(`${HOSTILE_ROW} · ${HOSTILE_COLUMN}`);
    const g = await geometry(page);
    const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
    await page.mouse.move(box.x + 4, at.y);
    await expect(page.getByTestId('heatmap-tooltip').textContent()).resolves.toBe(
      `${HOSTILE_ROW} (ah.wuhu.jinghu)`,
    );
    expect(g.rows).toBe(new Set(fixture('closure-due').data.result.map((s) => s.metric.region)).size);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, script:not([src])').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'xss.png') });
    await page.close();
  });

  it('follows Grafana’s user language: English for an en-US user', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=dark&grafanaLanguage=en-US');
    const { row, column } = await indexOf(page, '岳西县', 'Residential');
    await page.getByRole('grid').blur();
    const at = await cellCentre(page, row, column);
    await page.mouse.move(at.x, at.y);
    const text = (await page.getByTestId('heatmap-tooltip').textContent()) ?? '';
    expect(text).toContain('岳西县 · Residential');
    expect(text).toContain('Region codeah.anqing.yuexi');
    expect(text).toMatch(/Gap to target\d+\.\d% (better|worse)/);
    await expect(page.getByTestId('heatmap-legend').textContent()).resolves.toContain('higher is better');
    await page.close();
  });

  it('orders rows as the region tree: each city, then its own counties, named from crm_region_info', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=light');
    const names = new Map(fixture('region-info').data.result.map((s) => [s.metric.region, s.metric.name]));
    const codes = [...new Set(fixture('closure-due').data.result.map((s) => s.metric.region!))];
    const treeKey = (code: string): string => code.split('.').join('\u0000');
    const expected = codes.sort((a, b) => (treeKey(a) < treeKey(b) ? -1 : 1)).map((c) => names.get(c));
    expect(expected[0]).toBe('安庆市');
    expect(expected[1]).toMatch(/县|区|市$/);

    const grid = page.getByRole('grid');
    await grid.focus();
    const seen: string[] = [];
    for (let i = 0; i < codes.length; i++) {
      seen.push(((await page.getByTestId('heatmap-announcer').textContent()) ?? '').split(' · ')[0]!);
      await page.keyboard.press('ArrowDown');
    }
    expect(seen).toEqual(expected);
    await page.close();
  });

  it('scales up for a 4K wall display', async () => {
    const page = await openHarness(session, 'scenario=timeliness&theme=dark', { width: 3840, height: 2160 });
    const g = await geometry(page);
    expect(g.fontPx).toBeGreaterThanOrEqual(30);
    expect(g.cellHeight).toBeGreaterThan(2 * g.fontPx);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-dark.png') });
    await page.close();
  });

  it('renders 2,000 × 50 cells and still answers a hover', async () => {
    const page = await openHarness(session, 'rows=2000&cols=50&theme=dark');
    const g = await geometry(page);
    expect([g.rows, g.columns]).toEqual([2000, 50]);
    // Scroll deep into the grid, then hover: the tooltip names the row under the pointer.
    await page.getByRole('grid').evaluate((el) => (el.scrollTop = 14 * 1500));
    const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
    await page.mouse.move(
      box.x + g.rowLabelWidth + g.cellWidth * 3.5,
      box.y + g.headerHeight + g.cellHeight * 0.5,
    );
    const text = await page.getByTestId('heatmap-tooltip').textContent();
    expect(text).toMatch(/^Region 1500 · s03/);
    await page.close();
  });
});
