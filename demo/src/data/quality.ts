import { countyOf } from './regions';

/**
 * How well a county works. Most counties are healthy; two are clearly worse, so the heat map and the
 * alert rules have something to show, in history and right now:
 *
 * - 南陵县 `ah.wuhu.nanling` — a slow back office: work orders take about three times as long
 *   (many closed late, several open past their deadline right now), replies are sent back more often,
 *   complaints are twice as frequent and more often substantiated, callbacks less satisfied.
 * - 岳西县 `ah.anqing.yuexi` — a mountain county with thin crews: repair crews arrive late about half
 *   of the time and restore slowly, fault outages are reported to the 95598 system late, planned
 *   outages are announced late more often.
 *
 * Both also carry the "current incident" of the seed (recent repairs overdue, a fault outage whose
 * information report is late), and the demo ticker sends them more repairs, so late events keep coming.
 */
export interface Quality {
  /** multiplies work-order handling time */
  handling: number;
  /** multiplies repair travel time (acceptance → crew on site) */
  arrival: number;
  /** multiplies repair time (on site → power back) */
  restoration: number;
  /** multiplies the share of complaints among work orders */
  complaints: number;
  /** probability that a reply is sent back at least once */
  returned: number;
  /** probability that a complaint is found true */
  substantiated: number;
  /** probability that a reached callback is dissatisfied */
  dissatisfied: number;
  /** multiplies how long a fault outage takes to reach the 95598 system */
  outageReport: number;
  /** probability that a planned/temporary outage is announced late */
  lateNotice: number;
}

const HEALTHY: Quality = {
  handling: 1,
  arrival: 1,
  restoration: 1,
  complaints: 1,
  returned: 0.03,
  substantiated: 0.22,
  dissatisfied: 0.03,
  outageReport: 1,
  lateNotice: 0.03,
};

export const BAD_COUNTIES: Readonly<Record<string, Quality>> = {
  'ah.wuhu.nanling': {
    ...HEALTHY,
    handling: 3,
    complaints: 2.2,
    returned: 0.12,
    substantiated: 0.45,
    dissatisfied: 0.12,
  },
  'ah.anqing.yuexi': {
    ...HEALTHY,
    arrival: 1.9,
    restoration: 1.8,
    outageReport: 4,
    lateNotice: 0.2,
    dissatisfied: 0.08,
  },
};

export function qualityOf(regionId: string): Quality {
  return BAD_COUNTIES[countyOf(regionId)] ?? HEALTHY;
}
