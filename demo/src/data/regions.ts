import type { AreaClass } from './model';

/**
 * The demo organisation: Anhui province, four real cities, eighteen real counties/districts and their
 * supply stations (供电所, named after real towns and plausible town areas). Customer weights are
 * relative sizes within the province.
 */
interface CountySpec {
  id: string;
  name: string;
  /** relative number of accounts */
  weight: number;
  /** station names (供电所) and the area class of the places each one serves */
  stations: readonly (readonly [string, AreaClass])[];
}

interface CitySpec {
  id: string;
  name: string;
  counties: readonly CountySpec[];
}

export const PROVINCE = { id: 'ah', name: '安徽省' } as const;

const CITIES: readonly CitySpec[] = [
  {
    id: 'hefei',
    name: '合肥市',
    counties: [
      {
        id: 'shushan',
        name: '蜀山区',
        weight: 10,
        stations: [
          ['城西供电所', 'urban'],
          ['南岗供电所', 'urban'],
          ['小庙供电所', 'rural'],
        ],
      },
      {
        id: 'baohe',
        name: '包河区',
        weight: 10,
        stations: [
          ['滨湖供电所', 'urban'],
          ['义城供电所', 'urban'],
          ['大圩供电所', 'rural'],
        ],
      },
      {
        id: 'luyang',
        name: '庐阳区',
        weight: 7,
        stations: [
          ['城北供电所', 'urban'],
          ['大杨供电所', 'urban'],
          ['三十岗供电所', 'rural'],
        ],
      },
      {
        id: 'changfeng',
        name: '长丰县',
        weight: 6,
        stations: [
          ['水湖供电所', 'urban'],
          ['岗集供电所', 'rural'],
          ['庄墓供电所', 'rural'],
          ['杨庙供电所', 'rural'],
        ],
      },
      {
        id: 'feixi',
        name: '肥西县',
        weight: 7,
        stations: [
          ['上派供电所', 'urban'],
          ['三河供电所', 'rural'],
          ['紫蓬供电所', 'rural'],
          ['官亭供电所', 'rural'],
        ],
      },
      {
        id: 'lujiang',
        name: '庐江县',
        weight: 6,
        stations: [
          ['庐城供电所', 'urban'],
          ['汤池供电所', 'remote'],
          ['白湖供电所', 'rural'],
          ['石头供电所', 'rural'],
        ],
      },
    ],
  },
  {
    id: 'wuhu',
    name: '芜湖市',
    counties: [
      {
        id: 'jinghu',
        name: '镜湖区',
        weight: 7,
        stations: [
          ['城东供电所', 'urban'],
          ['城南供电所', 'urban'],
          ['荆山供电所', 'urban'],
        ],
      },
      {
        id: 'jiujiang',
        name: '鸠江区',
        weight: 6,
        stations: [
          ['湾里供电所', 'urban'],
          ['二坝供电所', 'rural'],
          ['汤沟供电所', 'rural'],
          ['白茆供电所', 'rural'],
        ],
      },
      {
        id: 'wanzhi',
        name: '湾沚区',
        weight: 4,
        stations: [
          ['湾沚供电所', 'urban'],
          ['六郎供电所', 'rural'],
          ['陶辛供电所', 'rural'],
        ],
      },
      {
        id: 'nanling',
        name: '南陵县',
        weight: 5,
        stations: [
          ['籍山供电所', 'urban'],
          ['弋江供电所', 'rural'],
          ['许镇供电所', 'rural'],
          ['工山供电所', 'remote'],
        ],
      },
    ],
  },
  {
    id: 'bengbu',
    name: '蚌埠市',
    counties: [
      {
        id: 'bengshan',
        name: '蚌山区',
        weight: 5,
        stations: [
          ['城中供电所', 'urban'],
          ['燕山供电所', 'urban'],
          ['雪华供电所', 'rural'],
        ],
      },
      {
        id: 'yuhui',
        name: '禹会区',
        weight: 4,
        stations: [
          ['禹会供电所', 'urban'],
          ['长青供电所', 'rural'],
          ['马城供电所', 'rural'],
        ],
      },
      {
        id: 'huaiyuan',
        name: '怀远县',
        weight: 7,
        stations: [
          ['城关供电所', 'urban'],
          ['龙亢供电所', 'rural'],
          ['常坟供电所', 'rural'],
          ['魏庄供电所', 'rural'],
        ],
      },
      {
        id: 'wuhe',
        name: '五河县',
        weight: 5,
        stations: [
          ['城关供电所', 'urban'],
          ['新集供电所', 'rural'],
          ['小溪供电所', 'rural'],
          ['沱湖供电所', 'remote'],
        ],
      },
    ],
  },
  {
    id: 'anqing',
    name: '安庆市',
    counties: [
      {
        id: 'yingjiang',
        name: '迎江区',
        weight: 4,
        stations: [
          ['城区供电所', 'urban'],
          ['龙狮桥供电所', 'rural'],
          ['长风供电所', 'rural'],
        ],
      },
      {
        id: 'tongcheng',
        name: '桐城市',
        weight: 6,
        stations: [
          ['龙眠供电所', 'urban'],
          ['孔城供电所', 'rural'],
          ['范岗供电所', 'rural'],
          ['大关供电所', 'remote'],
        ],
      },
      {
        id: 'taihu',
        name: '太湖县',
        weight: 5,
        stations: [
          ['晋熙供电所', 'urban'],
          ['徐桥供电所', 'rural'],
          ['寺前供电所', 'remote'],
          ['弥陀供电所', 'remote'],
        ],
      },
      {
        id: 'yuexi',
        name: '岳西县',
        weight: 4,
        stations: [
          ['天堂供电所', 'rural'],
          ['店前供电所', 'remote'],
          ['河图供电所', 'remote'],
          ['主簿供电所', 'remote'],
        ],
      },
    ],
  },
];

export type Level = 'province' | 'city' | 'county' | 'station' | 'grid';

export interface Region {
  id: string;
  name: string;
  parentId: string | null;
  level: Level;
}

export interface Station {
  id: string;
  countyId: string;
  cityId: string;
  areaClass: AreaClass;
  /** relative number of accounts */
  weight: number;
}

export interface RegionSet {
  regions: Region[];
  stations: Station[];
  /** every county and city id, in tree order */
  countyIds: string[];
  cityIds: string[];
}

/** Builds the tree once; everything else refers to stations by index into `stations`. */
export function buildRegions(): RegionSet {
  const regions: Region[] = [{ id: PROVINCE.id, name: PROVINCE.name, parentId: null, level: 'province' }];
  const stations: Station[] = [];
  const countyIds: string[] = [];
  const cityIds: string[] = [];
  for (const city of CITIES) {
    const cityId = `${PROVINCE.id}.${city.id}`;
    cityIds.push(cityId);
    regions.push({ id: cityId, name: city.name, parentId: PROVINCE.id, level: 'city' });
    for (const county of city.counties) {
      const countyId = `${cityId}.${county.id}`;
      countyIds.push(countyId);
      regions.push({ id: countyId, name: county.name, parentId: cityId, level: 'county' });
      county.stations.forEach(([name, areaClass], i) => {
        const id = `${countyId}.s${String(i + 1).padStart(2, '0')}`;
        regions.push({ id, name, parentId: countyId, level: 'station' });
        // the seat's station serves the most accounts, remote ones the fewest
        const share = areaClass === 'urban' ? 2 : areaClass === 'rural' ? 1 : 0.5;
        stations.push({ id, countyId, cityId, areaClass, weight: county.weight * share });
      });
    }
  }
  return { regions, stations, countyIds, cityIds };
}

/** `ah.wuhu.nanling.s02` → `ah.wuhu.nanling`; a county or higher region → itself. */
export function countyOf(regionId: string): string {
  let county = countyCache.get(regionId);
  if (county === undefined) {
    county = regionId.split('.').slice(0, 3).join('.');
    countyCache.set(regionId, county);
  }
  return county;
}
const countyCache = new Map<string, string>();
