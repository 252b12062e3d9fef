/**
 * Benchmark (not a test): first render and hover latency of the built panel in real Chromium for a
 * 200 × 12 (2.4k cells) and a 2,000 × 50 (100k cells) ratio matrix. `npm run bench`; writes
 * bench/results.md (the table the README quotes) and prints it.
 *
 * - first render: from handing the DataFrames to React to the first animation frame after the commit
 *   (builds the model: samples, matrix, totals, colours; lays out; paints the canvas).
 * - main-thread CPU: the renderer main thread's CPU time over the same render (it also counts the
 *   evaluate call that starts it, a fraction of a millisecond).
 * - before each render the page's own garbage is collected (see renderHeld).
 * - hover: from a mousemove on the canvas to the tooltip showing the new cell (hit test, React update,
 *   highlight repaint), over 60 hovers on distinct cells.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { Page } from 'playwright-core';
import { format, resolveConfig } from 'prettier';

import {
  SKIP_MESSAGE,
  Session,
  buildAll,
  geometry,
  hasChromium,
  startSession,
} from '../tests/support/browser';

const SIZES: Array<[number, number]> = [
  [200, 12],
  [2000, 50],
];
const LOADS = 5;
const HOVERS = 60;
const VIEWPORT = { width: 1600, height: 900 };

interface Stats {
  median: number;
  p95: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)]!,
    p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!,
  };
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/**
 * Loads the page with ?hold=1 and starts the render once everything else is done, reading the main
 * thread's CPU time (Chromium's ThreadTime) around it: wall time on a shared machine also counts waiting
 * for a core, CPU time does not.
 */
async function renderHeld(
  session: Session,
  query: string,
): Promise<{ page: Page; renderMs: number; cpuMs: number }> {
  const page = await session.browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${session.url}?${query}&hold=1`);
  await page.waitForFunction(
    () => (window as unknown as { harness?: { held?: boolean } }).harness?.held,
    null,
    {
      timeout: 60000,
    },
  );
  // Loading the harness (an 8 MB bundle, Grafana's registries, a React root) leaves a major garbage
  // collection due, and it lands in whichever task runs next — in most first renders, of any size (a
  // 1 × 1 matrix too), ~10 ms. It is the page's garbage, not the panel's: collected before the clock.
  await cdp.send('HeapProfiler.collectGarbage');
  const threadTime = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')!.value;
  const before = await threadTime();
  await page.evaluate(() => window.harnessGo?.());
  await page.waitForFunction(
    () => (window as unknown as { harness?: { ready: boolean } }).harness?.ready,
    null,
    {
      timeout: 60000,
    },
  );
  const after = await threadTime();
  const state = await page.evaluate(() => window.harness);
  if (state.error || state.renderMs === undefined) {
    throw new Error(`harness failed: ${state.error ?? 'no render time'}`);
  }
  return { page, renderMs: state.renderMs, cpuMs: (after - before) * 1000 };
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(SKIP_MESSAGE);
    return;
  }
  await buildAll();
  const loadStart = loadavg()[0]!.toFixed(1);
  const session = await startSession();
  const rows: string[] = [];
  const version = session.browser.version();
  try {
    for (const [r, c] of SIZES) {
      const renders: number[] = [];
      const cpus: number[] = [];
      const hovers: number[] = [];
      for (let load = 0; load < LOADS; load++) {
        const { page, renderMs, cpuMs } = await renderHeld(session, `rows=${r}&cols=${c}&theme=dark`);
        renders.push(renderMs);
        cpus.push(cpuMs);
        const g = await geometry(page);
        hovers.push(
          ...(await page.evaluate(
            async ({ g, count }) => {
              const canvas = document.querySelector('[data-testid="heatmap-canvas"]') as HTMLCanvasElement;
              const box = canvas.getBoundingClientRect();
              const visibleRows = Math.max(1, Math.floor((box.height - g.headerHeight) / g.cellHeight) - 1);
              const times: number[] = [];
              let previous = '';
              for (let i = 0; i < count; i++) {
                const row = (i * 7) % visibleRows;
                const column = (i * 5) % g.columns;
                const clientX = box.left + g.rowLabelWidth + (column + 0.5) * g.cellWidth;
                const clientY = box.top + g.headerHeight + (row + 0.5) * g.cellHeight;
                const t0 = performance.now();
                const changed = new Promise<void>((resolve) => {
                  const check = (): boolean => {
                    const text = document.querySelector('[data-testid="heatmap-tooltip"]')?.textContent ?? '';
                    if (text !== '' && text !== previous) {
                      previous = text;
                      return true;
                    }
                    return false;
                  };
                  const observer = new MutationObserver(() => {
                    if (check()) {
                      observer.disconnect();
                      resolve();
                    }
                  });
                  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
                });
                canvas.dispatchEvent(new MouseEvent('mousemove', { clientX, clientY, bubbles: true }));
                await changed;
                times.push(performance.now() - t0);
              }
              return times;
            },
            { g, count: HOVERS / LOADS },
          )),
        );
        await page.close();
      }
      const render = stats(renders);
      const cpu = stats(cpus);
      const hover = stats(hovers);
      rows.push(
        `| ${r.toLocaleString('en')} × ${c} | ${(r * c).toLocaleString('en')} | ${ms(render.median)} | ${ms(render.p95)} | ${ms(cpu.median)} | ${ms(hover.median)} | ${ms(hover.p95)} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  } finally {
    await session.close();
  }
  const table = [
    `Chromium ${version} (headless, /usr/bin/chromium), viewport ${VIEWPORT.width}×${VIEWPORT.height}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString().slice(0, 10)}; ${LOADS} page loads per size, ${HOVERS} hovers; load average at the start ${loadStart}, at the end ${loadavg()[0]!.toFixed(1)}. The machine may be shared: wall times then include waiting for a core, the CPU column does not.`,
    '',
    '| cells (rows × columns) | cells | first render, median | first render, p95 | first render, main-thread CPU (median) | hover → tooltip, median | hover → tooltip, p95 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  // A comparison run (another build served through HARNESS_PLUGIN_DIST) does not replace the results.
  if (!process.env.HARNESS_PLUGIN_DIST) {
    // Formatted as the repository's Prettier would, so `npm run lint` stays clean.
    const file = join(__dirname, 'results.md');
    writeFileSync(file, await format(table, { ...(await resolveConfig(file)), parser: 'markdown' }));
  }
  console.log('\n' + table);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
