import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { childRows, inSubtree } from '../src/grafana/regions';
import { describeWith, exec } from './support/tools';

/**
 * The drill-down's region-tree queries, evaluated by promtool on a small tree: a province, two cities,
 * three counties, stations below them, grids below one station, series labelled at station and grid
 * level and one at a city itself.
 */
const TREE: [region: string, parent: string | undefined, level: string][] = [
  ['ah', undefined, 'province'],
  ['ah.wuhu', 'ah', 'city'],
  ['ah.anqing', 'ah', 'city'],
  ['ah.wuhu.nanling', 'ah.wuhu', 'county'],
  ['ah.wuhu.jinghu', 'ah.wuhu', 'county'],
  ['ah.anqing.yuexi', 'ah.anqing', 'county'],
  ['ah.wuhu.nanling.s01', 'ah.wuhu.nanling', 'station'],
  ['ah.wuhu.nanling.s02', 'ah.wuhu.nanling', 'station'],
  ['ah.wuhu.jinghu.s01', 'ah.wuhu.jinghu', 'station'],
  ['ah.anqing.yuexi.s01', 'ah.anqing.yuexi', 'station'],
  // REGION_LEVEL=grid: grids under a station, four levels below the province
  ['ah.anqing.yuexi.s01.g1', 'ah.anqing.yuexi.s01', 'grid'],
  ['ah.anqing.yuexi.s01.g2', 'ah.anqing.yuexi.s01', 'grid'],
];
/** Powers of two: every sum below names exactly which series it took. */
const COUNTS: [region: string, segment: string, value: number][] = [
  ['ah.wuhu.nanling.s01', 'residential', 1],
  ['ah.wuhu.nanling.s02', 'residential', 2],
  ['ah.wuhu.jinghu.s01', 'residential', 4],
  ['ah.anqing.yuexi.s01', 'residential', 8],
  ['ah.wuhu', 'residential', 16], // a row the CRM assigns to the city itself
  ['ah.wuhu.nanling.s01', 'commercial', 32],
  ['ah.anqing.yuexi.s01.g1', 'residential', 64],
  ['ah.anqing.yuexi.s01.g2', 'residential', 128],
];

const series = [
  ...TREE.map(([region, parent, level]) => ({
    series: `crm_region_info{region="${region}", name="${region}", level="${level}"${parent ? `, parent="${parent}"` : ''}}`,
    values: '1x3',
  })),
  ...COUNTS.map(([region, segment, value]) => ({
    series: `m{region="${region}", segment="${segment}"}`,
    values: `${value}x3`,
  })),
];

const rows = (region: string, expected: [string, string, number][]) => ({
  expr: childRows('m', ['segment'], region),
  eval_time: '1m',
  exp_samples: expected.map(([r, segment, value]) => ({
    labels: `{region="${r}", segment="${segment}"}`,
    value,
  })),
});
const subtree = (region: string, value: number) => ({
  expr: `sum(${inSubtree('m', region)})`,
  eval_time: '1m',
  exp_samples: [{ labels: '{}', value }],
});

describeWith(['promtool'], 'region tree queries (promtool)', () => {
  it('sum a region with everything below it, and roll the series up into the regions directly below', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skm-tree-'));
    try {
      const file = join(dir, 'tree.test.yml');
      writeFileSync(
        file,
        stringify({
          rule_files: [],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: series,
              promql_expr_test: [
                subtree('ah', 255), // grids four levels down included
                subtree('ah.anqing', 8 + 64 + 128),
                subtree('ah.wuhu', 1 + 2 + 4 + 16 + 32),
                subtree('ah.wuhu.nanling', 1 + 2 + 32),
                subtree('ah.anqing.yuexi.s01', 8 + 64 + 128),
                // province → cities: stations three levels down, and the row at the city itself
                rows('ah', [
                  ['ah.anqing', 'residential', 8 + 64 + 128],
                  ['ah.wuhu', 'commercial', 32],
                  ['ah.wuhu', 'residential', 1 + 2 + 4 + 16],
                ]),
                // city → counties: the city's own row belongs to no county
                rows('ah.wuhu', [
                  ['ah.wuhu.jinghu', 'residential', 4],
                  ['ah.wuhu.nanling', 'commercial', 32],
                  ['ah.wuhu.nanling', 'residential', 1 + 2],
                ]),
                rows('ah.wuhu.nanling', [
                  ['ah.wuhu.nanling.s01', 'commercial', 32],
                  ['ah.wuhu.nanling.s01', 'residential', 1],
                  ['ah.wuhu.nanling.s02', 'residential', 2],
                ]),
                // station → its grids (the drill-down at grid level)
                rows('ah.anqing.yuexi.s01', [
                  ['ah.anqing.yuexi.s01.g1', 'residential', 64],
                  ['ah.anqing.yuexi.s01.g2', 'residential', 128],
                ]),
              ],
            },
          ],
        }),
      );
      const r = await exec('promtool', ['test', 'rules', file]);
      expect(r.output).toContain('SUCCESS');
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
