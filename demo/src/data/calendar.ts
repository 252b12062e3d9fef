import { DAY, HOUR, type Millis } from './model';

/** The utility's local time (China Standard Time, no daylight saving): weekdays and hours of day. */
const LOCAL_OFFSET = 8 * HOUR;

/** 0 = Sunday … 6 = Saturday, local time. */
export function localWeekday(t: Millis): number {
  return (Math.floor((t + LOCAL_OFFSET) / DAY) + 4) % 7; // 1970-01-01 was a Thursday
}

export function localHour(t: Millis): number {
  return Math.floor(((t + LOCAL_OFFSET) % DAY) / HOUR);
}

const isWeekend = (t: Millis) => {
  const d = localWeekday(t);
  return d === 0 || d === 6;
};

/** The CRM's deadline: `days` working days later, skipping weekends (holidays are left out). */
export function addWorkingDays(t: Millis, days: number): Millis {
  let at = t;
  for (let i = 0; i < days; i++) {
    at += DAY;
    while (isWeekend(at)) at += DAY;
  }
  return at;
}

/** Relative contact volume by local hour: quiet nights, morning and afternoon peaks. */
const HOURLY = [
  0.12, 0.08, 0.06, 0.05, 0.06, 0.1, 0.25, 0.55, 0.9, 1, 1, 0.95, 0.7, 0.75, 0.95, 1, 0.95, 0.85, 0.7, 0.65,
  0.6, 0.5, 0.35, 0.2,
];

/**
 * Relative volume of the hour starting at `t`: diurnal and weekly patterns, more in summer (air
 * conditioning, storms), and slow growth towards `anchor`.
 */
export function hourWeight(t: Millis, anchor: Millis): number {
  const weekend = isWeekend(t) ? 0.7 : 1;
  const dayOfYear = Math.floor((t % (365.25 * DAY)) / DAY);
  const summer = 1 + 0.25 * Math.exp(-(((dayOfYear - 200) / 35) ** 2));
  const growth = 1 - 0.08 * ((anchor - t) / (365 * DAY));
  return HOURLY[localHour(t)]! * weekend * summer * growth;
}

/**
 * Spreads exactly `total` items over the hours [from, to) in proportion to their weight: for each hour,
 * its start and how many items it gets. Rounding of cumulative sums makes the total exact.
 */
export function* hourlyCounts(
  from: Millis,
  to: Millis,
  total: number,
  weight: (hourStart: Millis) => number,
) {
  let sum = 0;
  for (let t = from; t < to; t += HOUR) sum += weight(t);
  let cumulative = 0;
  let given = 0;
  for (let t = from; t < to; t += HOUR) {
    cumulative += weight(t);
    const upTo = Math.round((cumulative / sum) * total);
    if (upTo > given) yield { hourStart: t, count: upTo - given };
    given = upTo;
  }
}
