/**
 * Where the first render's time goes: a V8 CPU profile of the harness page (source component, unminified,
 * so function names survive) over the render of a synthetic ratio matrix, started once the page has
 * loaded (?hold=1); prints the time inside each stage of the pipeline (inclusive), by module and the
 * busiest functions (self time). STACK_OF=<module> also prints the stacks that end in that module.
 * `npx tsx bench/profile.ts [rows] [cols] [runs]` — a diagnostic, not a benchmark: sampling has overhead,
 * and one render holds few samples of each function, so times are means over `runs` page loads (5).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildHarness } from '../harness/build';
import { SKIP_MESSAGE, hasChromium, startSession } from '../tests/support/browser';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  parent?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Stages of the render, by the function that runs each (inclusive time). */
const STAGES = [
  'buildModel',
  'extractSamples',
  'buildMatrix',
  'createColourScale',
  'computeLayout',
  'drawGrid',
  'measureText',
  'fillText',
  'getContrastText',
  'useStyles2',
  'Legend',
  'HeatmapGrid',
  'HeatmapPanel',
  'commitRoot',
  'renderRootSync',
  'flushPassiveEffects',
];

/** Maps a line of the unminified harness bundle to the source module esbuild put there (its `// path` comments). */
function modulesOfBundle(): (line: number) => string {
  const lines = readFileSync(join(__dirname, '..', 'harness', 'dist', 'harness.js'), 'utf8').split('\n');
  const starts: Array<[number, string]> = [];
  lines.forEach((text, i) => {
    const m = /^\s*\/\/ (\S+\.(?:m?js|cjs|tsx?))$/.exec(text);
    if (m) {
      starts.push([i, m[1]!.replace(/^(\.\.\/)+node_modules\//, '')]);
    }
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (starts[mid]![0] <= line) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return starts[lo]?.[1] ?? '(bundle)';
  };
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(SKIP_MESSAGE);
    return;
  }
  const [rows = '200', cols = '12', runsArg = '5'] = process.argv.slice(2);
  const runs = Math.max(1, Number(runsArg) || 1);
  await buildHarness({ minify: false });
  const session = await startSession();
  try {
    const moduleAt = modulesOfBundle();
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    const byModule = new Map<string, number>();
    const stacks = new Map<string, number>();
    const renders: number[] = [];
    // Each sample's share of one mean render: the sums below are means over the page loads.
    const add = (map: Map<string, number>, key: string, dt: number): void => {
      map.set(key, (map.get(key) ?? 0) + dt / runs);
    };
    for (let run = 0; run < runs; run++) {
      const page = await session.browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`${session.url}?source=1&rows=${rows}&cols=${cols}&theme=dark&hold=1`);
      await page.waitForFunction(() => window.harness?.held);
      await cdp.send('HeapProfiler.collectGarbage'); // the page load's garbage, as in run.ts
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.evaluate(() => window.harnessGo?.());
      await page.waitForFunction(() => window.harness?.ready);
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      renders.push(await page.evaluate(() => window.harness.renderMs ?? NaN));
      await page.close();

      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parentOf = new Map<number, number>();
      for (const n of profile.nodes) {
        for (const c of n.children ?? []) {
          parentOf.set(c, n.id);
        }
      }
      profile.samples.forEach((id, i) => {
        const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
        const node = byId.get(id)!;
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
          // esbuild renames clashing identifiers start → start2; V8 reports the renamed one.
          seen.add(byId.get(at)!.callFrame.functionName.replace(/\d+$/, ''));
        }
        if (node.callFrame.functionName === '(idle)') {
          return;
        }
        add(
          self,
          `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`,
          dt,
        );
        const module = node.callFrame.url.endsWith('harness.js')
          ? moduleAt(node.callFrame.lineNumber)
          : node.callFrame.functionName || node.callFrame.url || '(native)';
        add(byModule, module, dt);
        if (process.env.STACK_OF && module.includes(process.env.STACK_OF)) {
          const names: string[] = [];
          for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
            const f = byId.get(at)!.callFrame;
            names.push(
              f.url.endsWith('harness.js')
                ? `${f.functionName}@${moduleAt(f.lineNumber).split('/').pop()}`
                : f.functionName,
            );
          }
          add(stacks, names.slice(0, 14).join(' < '), dt);
        }
        for (const name of seen) {
          add(inclusive, name, dt);
        }
      });
    }
    const renderMs = [...renders].sort((a, b) => a - b)[Math.floor(renders.length / 2)]!;
    console.log(
      `${rows} × ${cols}: first render ${renderMs.toFixed(1)} ms (median of ${runs}, with the profiler's overhead); times below are means per render`,
    );
    for (const stage of STAGES) {
      console.log(`  ${stage.padEnd(22)} ${(inclusive.get(stage) ?? 0).toFixed(1).padStart(8)} ms`);
    }
    for (const [name, t] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`  ${t.toFixed(1).padStart(8)} ms  ${name}`);
    }
    console.log('by module (self):');
    for (const [name, t] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`  ${t.toFixed(1).padStart(8)} ms  ${name}`);
    }
    console.log('busiest functions (self):');
    for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`  ${t.toFixed(1).padStart(8)} ms  ${name}`);
    }
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
