/**
 * Real Chromium for the browser tests and the benchmark: Debian's /usr/bin/chromium driven by
 * playwright-core, against the harness served from this package (built plugin + fixtures).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';

import { buildHarness } from '../../harness/build';
import { serveHarness } from '../../harness/serve';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_MESSAGE = `SKIPPED browser tests: no Chromium at ${CHROMIUM}. Install it with \`apt-get install chromium\` (or set CHROMIUM_PATH).`;

const ROOT = join(__dirname, '..', '..');

/** Builds dist/ (webpack, as `npm run build`) and the harness bundle. */
export async function buildAll(): Promise<void> {
  execFileSync(
    process.execPath,
    [require.resolve('webpack-cli/bin/cli.js'), '-c', '.config/webpack.config.cjs', '--mode', 'production'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  await buildHarness();
}

export interface Session {
  browser: Browser;
  url: string;
  close: () => Promise<void>;
}

export async function startSession(): Promise<Session> {
  const server = await serveHarness(0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    url: server.url,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface Geometry {
  rowLabelWidth: number;
  headerHeight: number;
  cellWidth: number;
  cellHeight: number;
  gap: number;
  rows: number;
  columns: number;
  fontPx: number;
}

/** Opens a harness page and waits until the panel has painted; fails on page errors. */
export async function openHarness(
  session: Session,
  query: string,
  viewport = { width: 1280, height: 720 },
): Promise<Page> {
  const page = await session.browser.newPage({ viewport });
  // tsx/esbuild wrap named functions in __name(); functions passed to page.evaluate need it defined.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${session.url}?${query}`);
  await page.waitForFunction(
    () => (window as unknown as { harness?: { ready: boolean } }).harness?.ready,
    null,
    { timeout: 30000 },
  );
  const state = await page.evaluate(() => (window as unknown as { harness: { error?: string } }).harness);
  if (state.error || errors.length) {
    throw new Error(`harness failed: ${state.error ?? errors.join('; ')}`);
  }
  return page;
}

/** Page coordinates of the centre of a cell (row/column = rows/columns address the totals). */
export async function cellCentre(page: Page, row: number, column: number): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId('heatmap-canvas');
  const g = JSON.parse((await canvas.getAttribute('data-layout')) ?? '{}') as Geometry;
  const box = await canvas.boundingBox();
  if (!box) {
    throw new Error('canvas not visible');
  }
  const x = g.rowLabelWidth + column * g.cellWidth + (column >= g.columns ? g.gap : 0) + g.cellWidth / 2;
  const y = g.headerHeight + row * g.cellHeight + (row >= g.rows ? g.gap : 0) + g.cellHeight / 2;
  return { x: box.x + x, y: box.y + y };
}

export async function geometry(page: Page): Promise<Geometry> {
  return JSON.parse(
    (await page.getByTestId('heatmap-canvas').getAttribute('data-layout')) ?? '{}',
  ) as Geometry;
}
