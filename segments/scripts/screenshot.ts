import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/**
 * `npm run screenshot -w segments -- REPORT_HTML PNG`: the profile chart of a report.html, as the
 * README shows it, taken in the system's Chromium.
 */
async function main(): Promise<void> {
  const [report, png] = process.argv.slice(2);
  if (!report || !png) throw new Error('usage: screenshot REPORT_HTML PNG');
  // paths as the user wrote them, from where npm was run (npm -w runs the script in the workspace)
  const from = process.env.INIT_CWD ?? process.cwd();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(resolve(from, report)).href);
    await page.locator('#profile').screenshot({ path: resolve(from, png) });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
