import { LABEL_VALUES } from '@service-kpi-monitor/catalog';
import { metric } from './series';

/**
 * The region tree in PromQL, from `crm_region_info{region, parent}`: the exporter labels series at one
 * level (county by default; a row above it keeps its own region), while a dashboard's `$region` may be
 * any region at or above it. Levels are walked with joins on `parent`, up to DEPTH below `$region`:
 * every level of the tree below the province (city → county → station → grid, the dictionary's levels).
 */
const INFO = metric('crm_region_info');
const DEPTH = Object.keys(LABEL_VALUES.level ?? {}).length - 1;

/** The same series, its `region` copied into `parent`: ready to join the regions below on `parent`. */
const asParent = (v: string) => `label_replace(${v}, "parent", "$1", "region", "(.+)")`;

/** Depth 1…DEPTH below `$region`, each region once, carrying `row`: its ancestor one below `$region`. */
function descendants(region: string): string[] {
  const levels = [`label_replace(${INFO}{parent="${region}"}, "row", "$1", "region", "(.+)")`];
  while (levels.length < DEPTH) {
    levels.push(`${INFO} * on (parent) group_left (row) ${asParent(levels.at(-1) as string)}`);
  }
  return levels;
}

/** `vector` restricted to the series of `$region` and every region below it. */
export function inSubtree(vector: string, region = '$region'): string {
  const members = [`${INFO}{region="${region}"}`, ...descendants(region)].join(' or ');
  return `(${vector} * on (region) group_left () (${members}))`;
}

/**
 * `vector` (labelled by region and `by`) summed into one row per region directly below `$region`: the
 * drill-down's "regions below" heat map, whatever level `$region` and the exporter's labels are at.
 */
export function childRows(vector: string, by: string[], region = '$region'): string {
  const rows = `sum by (row, ${by.join(', ')}) (${vector} * on (region) group_left (row) (${descendants(region).join(' or ')}))`;
  return `sum without (row) (label_replace(${rows}, "region", "$1", "row", "(.+)"))`;
}
