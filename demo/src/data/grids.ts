import type { AreaClass } from './model';
import type { Region, RegionSet, Station } from './regions';

/**
 * Service grids (网格): the areas of the "1+N" account-manager teams under each supply station, named
 * after the station's town (城关一网格, 城关二网格 …). Urban stations have four, rural three, remote two.
 * A grid on an old rural line is weak: its customers suffer frequent outages (see outage-customers.ts).
 */
export interface Grid {
  id: string;
  name: string;
  station: Station;
  /** on a weak line: frequent faults cut the whole grid off */
  weak: boolean;
}

const GRIDS_PER_STATION: Record<AreaClass, number> = { urban: 4, rural: 3, remote: 2 };
const NUMERALS = ['一', '二', '三', '四'];
/** counties whose every rural or remote station has a weak grid (the two in breach); elsewhere every other */
const WEAK_LINE_COUNTIES = new Set(['ah.wuhu.nanling', 'ah.anqing.yuexi']);

export interface GridSet {
  grids: Grid[];
  byStation: ReadonlyMap<string, readonly Grid[]>;
  regions: Region[];
}

/** The grids of every station of the tree, in tree order; a pure function of the region tree. */
export function buildGrids(regions: RegionSet): GridSet {
  const names = new Map(regions.regions.map((r) => [r.id, r.name]));
  const grids: Grid[] = [];
  const byStation = new Map<string, Grid[]>();
  let ruralIndex = 0;
  for (const station of regions.stations) {
    const town = names.get(station.id)!.replace(/供电所$/, '');
    const count = GRIDS_PER_STATION[station.areaClass];
    const outlying = station.areaClass !== 'urban';
    // the last grid of an outlying station is its far end of the line
    const weakStation =
      outlying &&
      (WEAK_LINE_COUNTIES.has(station.countyId) || station.areaClass === 'remote' || ruralIndex++ % 2 === 0);
    const list = Array.from({ length: count }, (_, i) => ({
      id: `${station.id}.g${i + 1}`,
      name: `${town}${NUMERALS[i]!}网格`,
      station,
      weak: weakStation && i === count - 1,
    }));
    byStation.set(station.id, list);
    grids.push(...list);
  }
  return {
    grids,
    byStation,
    regions: grids.map((g) => ({ id: g.id, name: g.name, parentId: g.station.id, level: 'grid' as const })),
  };
}
