import type { Feature, Trait } from './features';
import type { Matrix } from './model';

/** Profiles and generated names of the groups: pure, from the sample and its assignment. */

export interface ProfileEntry {
  feature: string;
  /** mean raw value in the group and over the sample, in the feature's unit */
  mean: number;
  overallMean: number;
  /** mean standardized value in the group: how many standard deviations from the overall mean */
  deviation: number;
}

export interface Segment {
  code: string;
  name: { zh: string; en: string };
  share: number;
  size: number;
  centroid: number[];
  profile: ProfileEntry[];
}

/** A trait names a group when its mean lies at least this many standard deviations from the mean. */
export const TRAIT_DEVIATION = 0.25;
const TRAITS_PER_NAME = 2;
const TYPICAL: Trait = { code: 'typical', zh: '普通客户', en: 'typical customers' };

function meansByGroup(rows: Matrix, groups: readonly number[], k: number): Matrix {
  const width = rows[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Array<number>(width).fill(0));
  const sizes = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    const g = groups[i]!;
    sizes[g]! += 1;
    row.forEach((v, j) => (sums[g]![j]! += v));
  });
  return sums.map((s, g) => s.map((v) => (sizes[g]! > 0 ? v / sizes[g]! : 0)));
}

/** The group's traits, most distinctive first, one per theme. */
function traitsOf(features: readonly Feature[], deviations: readonly number[]): Trait[] {
  const themes = new Set<string>();
  return features
    .map((feature, j) => ({ feature, deviation: deviations[j]! }))
    .filter(({ deviation }) => Math.abs(deviation) >= TRAIT_DEVIATION)
    .sort(
      (a, b) => Math.abs(b.deviation) - Math.abs(a.deviation) || a.feature.key.localeCompare(b.feature.key),
    )
    .filter(({ feature }) => !themes.has(feature.theme) && themes.add(feature.theme))
    .map(({ feature, deviation }) => (deviation > 0 ? feature.high : feature.low));
}

function nameOf(traits: readonly Trait[]): Trait {
  if (traits.length === 0) return TYPICAL;
  return {
    code: traits.map((t) => t.code).join('_'),
    zh: traits.map((t) => t.zh).join('·'),
    en: traits.map((t) => t.en).join(', '),
  };
}

/** Names from each group's two most distinctive traits, with more traits or a number where two agree. */
function uniqueNames(traits: readonly Trait[][]): Trait[] {
  const names = traits.map((t) => nameOf(t.slice(0, TRAITS_PER_NAME)));
  for (let extra = 1; extra <= 2; extra++) {
    const clash = (i: number) => names.some((other, j) => j !== i && other.code === names[i]!.code);
    const clashing = names.map((_, i) => clash(i));
    clashing.forEach((c, i) => {
      if (c) names[i] = nameOf(traits[i]!.slice(0, TRAITS_PER_NAME + extra));
    });
  }
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name.code) ?? 0) + 1;
    seen.set(name.code, n);
    return n === 1 ? name : { code: `${name.code}_${n}`, zh: `${name.zh}${n}`, en: `${name.en} ${n}` };
  });
}

/**
 * One segment per group, largest first. `raw` are the sample's feature values as read,
 * `standardized` the same after transform and scaling; `centroids` in standardized space.
 */
export function describeSegments(input: {
  features: readonly Feature[];
  raw: Matrix;
  standardized: Matrix;
  groups: readonly number[];
  centroids: Matrix;
}): Segment[] {
  const { features, raw, standardized, groups, centroids } = input;
  const k = centroids.length;
  const rawMeans = meansByGroup(raw, groups, k);
  const overall = meansByGroup(raw, new Array<number>(raw.length).fill(0), 1)[0]!;
  const deviations = meansByGroup(standardized, groups, k);
  const sizes = new Array<number>(k).fill(0);
  for (const g of groups) sizes[g]! += 1;
  const order = Array.from({ length: k }, (_, g) => g).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const names = uniqueNames(order.map((g) => traitsOf(features, deviations[g]!)));
  return order.map((g, rank) => ({
    code: names[rank]!.code,
    name: { zh: names[rank]!.zh, en: names[rank]!.en },
    share: sizes[g]! / groups.length,
    size: sizes[g]!,
    centroid: centroids[g]!,
    profile: features.map((f, j) => ({
      feature: f.key,
      mean: rawMeans[g]![j]!,
      overallMean: overall[j]!,
      deviation: deviations[g]![j]!,
    })),
  }));
}
