/**
 * Regenerates the README screenshots in docs/ from the harness (built plugin, fixture data):
 * `npm run screenshots`. The browser tests take their own into artifacts/ (not committed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  SKIP_MESSAGE,
  buildAll,
  cellCentre,
  hasChromium,
  openHarness,
  startSession,
} from '../tests/support/browser';

const DOCS = join(__dirname, '..', 'docs');
const SHOTS: Array<{
  file: string;
  query: string;
  viewport: { width: number; height: number };
  hover?: [number, number];
}> = [
  {
    file: 'heatmap-dark.png',
    query: 'scenario=timeliness&theme=dark',
    viewport: { width: 1280, height: 720 },
    hover: [7, 6],
  },
  {
    file: 'heatmap-dark-en.png',
    query: 'scenario=timeliness&theme=dark&lang=en',
    viewport: { width: 1280, height: 720 },
    hover: [7, 6],
  },
  {
    file: 'heatmap-light.png',
    query: 'scenario=timeliness&theme=light',
    viewport: { width: 1280, height: 720 },
  },
  {
    file: 'heatmap-customers.png',
    query: 'scenario=customers&theme=dark',
    viewport: { width: 1280, height: 720 },
  },
  {
    file: 'heatmap-wall.png',
    query: 'scenario=timeliness&theme=dark',
    viewport: { width: 3840, height: 2160 },
  },
  {
    file: 'heatmap-small.png',
    query: 'scenario=timeliness&theme=light',
    viewport: { width: 520, height: 360 },
  },
];

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(SKIP_MESSAGE);
    return;
  }
  mkdirSync(DOCS, { recursive: true });
  await buildAll();
  const session = await startSession();
  try {
    for (const shot of SHOTS) {
      const page = await openHarness(session, shot.query, shot.viewport);
      if (shot.hover) {
        const at = await cellCentre(page, ...shot.hover);
        await page.mouse.move(at.x, at.y);
        await page.getByTestId('heatmap-tooltip').waitFor();
      }
      await page.screenshot({ path: join(DOCS, shot.file) });
      console.log(`docs/${shot.file}`);
      await page.close();
    }
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
