import { REGION_LEVELS, type RegionLevel } from '../db/contract';
import { NOT_UTF8, UNPRINTABLE } from './label-text';

export interface RegionRow {
  id: unknown;
  name: unknown;
  parent_id: unknown;
  level: unknown;
}

export interface RegionInfo {
  region: string;
  name: string;
  parent: string;
  level: RegionLevel;
}

export interface RegionTree {
  /** every usable region id → the id published as its `region` label */
  labelOf: Map<string, string>;
  /** regions at or above the label level: the crm_region_info series */
  info: RegionInfo[];
  /** regions that cannot be used, by reason */
  invalid: Map<string, number>;
}

const MAX_NAME_LENGTH = 200;

const rank = (level: RegionLevel) => REGION_LEVELS.indexOf(level);

/** Why a region row cannot be used: the `reason` of crm_exporter_invalid_rows{relation="regions"}. */
export const REGION_REJECT_REASONS = [
  'null_id',
  'empty_id',
  'null_name',
  'oversized_name',
  'oversized_id',
  'not_utf8_id',
  'not_utf8_name',
  'unprintable_id',
  'unprintable_name',
  'oversized_parent_id',
  'not_utf8_parent_id',
  'unprintable_parent_id',
  'null_level',
  'unknown_level',
  'unknown_parent_id',
] as const;
type RegionRejectReason = (typeof REGION_REJECT_REASONS)[number];

function rejectReason(row: RegionRow): RegionRejectReason | undefined {
  if (typeof row.id !== 'string' || row.id === '') return row.id == null ? 'null_id' : 'empty_id';
  if (typeof row.name !== 'string') return 'null_name';
  if (row.name.length > MAX_NAME_LENGTH) return 'oversized_name';
  if (row.id.length > MAX_NAME_LENGTH) return 'oversized_id';
  if (NOT_UTF8.test(row.id)) return 'not_utf8_id';
  if (NOT_UTF8.test(row.name)) return 'not_utf8_name';
  if (UNPRINTABLE.test(row.id)) return 'unprintable_id';
  if (UNPRINTABLE.test(row.name)) return 'unprintable_name';
  // the parent is published too, in crm_region_info{parent}
  if (typeof row.parent_id === 'string' && row.parent_id.length > MAX_NAME_LENGTH)
    return 'oversized_parent_id';
  if (typeof row.parent_id === 'string' && NOT_UTF8.test(row.parent_id)) return 'not_utf8_parent_id';
  if (typeof row.parent_id === 'string' && UNPRINTABLE.test(row.parent_id)) return 'unprintable_parent_id';
  if (typeof row.level !== 'string') return 'null_level';
  if (!(REGION_LEVELS as readonly string[]).includes(row.level)) return 'unknown_level';
  return undefined;
}

/**
 * Rolls every region up to its ancestor at the label level: the first region on its parent chain,
 * itself included, whose level is at or above `labelLevel`. A region that never reaches one (a
 * broken or cyclic chain) cannot be labelled and is counted invalid.
 */
export function buildRegionTree(rows: RegionRow[], labelLevel: RegionLevel): RegionTree {
  const invalid = new Map<string, number>();
  const countInvalid = (reason: RegionRejectReason) => invalid.set(reason, (invalid.get(reason) ?? 0) + 1);
  const regions = new Map<string, RegionInfo>();
  for (const row of rows) {
    const reason = rejectReason(row);
    if (reason) {
      countInvalid(reason);
      continue;
    }
    const parent = typeof row.parent_id === 'string' ? row.parent_id : '';
    regions.set(row.id as string, {
      region: row.id as string,
      name: row.name as string,
      parent,
      level: row.level as RegionLevel,
    });
  }

  const limit = rank(labelLevel);
  const labelOf = new Map<string, string>();
  for (const region of regions.values()) {
    const visited = new Set<string>();
    let current: RegionInfo | undefined = region;
    while (current && rank(current.level) > limit && !visited.has(current.region)) {
      visited.add(current.region);
      current = regions.get(current.parent);
    }
    if (current && rank(current.level) <= limit) labelOf.set(region.region, current.region);
    else countInvalid('unknown_parent_id');
  }
  const info = [...regions.values()]
    .filter((r) => rank(r.level) <= limit)
    .sort((a, b) => a.region.localeCompare(b.region));
  return { labelOf, info, invalid };
}
