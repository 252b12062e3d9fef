/**
 * Label values as metrics.md defines them: the region rolled up to the label level, segment,
 * channel and queue capped (most frequent values kept, the rest `other`, or a configured allow-list).
 */
import type { LabelCap, NaiveConfig } from './config';
import type { ValidDataset } from './validity';
import { REGION_LEVELS } from './validity';

const rank = (level: string) => REGION_LEVELS.indexOf(level as (typeof REGION_LEVELS)[number]);

export function isAtOrAboveLevel(level: string, labelLevel: string): boolean {
  return rank(level) >= rank(labelLevel);
}

function capped(valuesOfRows: string[], cap: LabelCap): (value: string) => string {
  if (cap.allow) {
    const allowed = new Set(cap.allow);
    return (value) => (allowed.has(value) ? value : 'other');
  }
  const rowsPerValue = new Map<string, number>();
  for (const value of valuesOfRows) rowsPerValue.set(value, (rowsPerValue.get(value) ?? 0) + 1);
  if (rowsPerValue.size <= cap.max) return (value) => value;
  const kept = new Set(
    [...rowsPerValue]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, cap.max)
      .map(([value]) => value),
  );
  return (value) => (kept.has(value) ? value : 'other');
}

export interface Labeller {
  region(regionId: string): string;
  segment(value: string): string;
  channel(value: string): string;
  queue(value: string): string;
}

export function labeller(data: ValidDataset, config: NaiveConfig): Labeller {
  const segmentsOfRows = [
    ...data.customers.map((r) => r.segment),
    ...data.work_orders.map((r) => r.segment),
    ...data.connection_applications.map((r) => r.segment),
    ...(data.arrears ?? []).map((r) => r.segment),
  ];
  return {
    region(regionId) {
      // walk up the parent chain from the row's own region to the first one at or above the level
      for (let region = data.regionById.get(regionId); region;) {
        if (isAtOrAboveLevel(region.level, config.regionLevel)) return region.id;
        region = region.parent_id === null ? undefined : data.regionById.get(region.parent_id);
      }
      throw new Error(`region ${regionId} has no ancestor at level ${config.regionLevel}`);
    },
    segment: capped(segmentsOfRows, config.labels.segment),
    channel: capped(
      data.work_orders.map((r) => r.channel),
      config.labels.channel,
    ),
    queue: capped(
      (data.calls ?? []).map((r) => r.queue),
      config.labels.queue,
    ),
  };
}
