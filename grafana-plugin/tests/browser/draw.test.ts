/**
 * The grid's batched drawing (one path per colour, value texts grouped by weight and ink, fonts set once
 * per weight) against the same grid drawn cell by cell (tests/support/referenceDraw.ts), pixel for pixel,
 * in real Chromium: batching must not change what is drawn.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

import { DrawCase, DrawComparison } from '../support/drawPage';
import { SKIP_MESSAGE, Session, hasChromium, startSession } from '../support/browser';

jest.setTimeout(60000);

if (!hasChromium) {
  console.warn(SKIP_MESSAGE);
}
const describeInChromium = hasChromium ? describe : describe.skip;

const BUNDLE = join(__dirname, '..', '..', 'harness', 'dist', 'draw-test.js');

describeInChromium('batched drawing in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    await build({
      entryPoints: [join(__dirname, '..', 'support', 'drawPage.ts')],
      outfile: BUNDLE,
      bundle: true,
      format: 'iife',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
      logLevel: 'warning',
    });
    session = await startSession();
  }, 120000);
  afterAll(async () => session?.close());

  const CASES: Array<[string, DrawCase]> = [
    [
      'ratio, dark, values and totals',
      { rows: 24, columns: 8, mode: 'ratio', width: 900, height: 600, scrollTop: 0, dark: true },
    ],
    [
      'ratio, light, scrolled mid-grid',
      { rows: 300, columns: 12, mode: 'ratio', width: 1200, height: 700, scrollTop: 1234.5, dark: false },
    ],
    [
      'value mode, uncoloured sum totals',
      { rows: 10, columns: 6, mode: 'value', width: 700, height: 400, scrollTop: 0, dark: true },
    ],
    [
      'cells too small for values',
      { rows: 400, columns: 60, mode: 'ratio', width: 1000, height: 500, scrollTop: 0, dark: true },
    ],
  ];

  it.each(CASES)('%s: the same pixels as cell by cell', async (_, drawCase) => {
    const page = await session.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addScriptTag({ path: BUNDLE });
    const result = await page.evaluate(
      (c) => (window as unknown as { compareDraw: (c: DrawCase) => DrawComparison }).compareDraw(c),
      drawCase,
    );
    await page.close();
    expect(errors).toEqual([]);
    expect(result.pixels).toBe(drawCase.width * drawCase.height);
    expect(result.colours).toBeGreaterThan(20); // cells, text and hatching were drawn
    expect(result.differing).toBe(0);
  });
});
