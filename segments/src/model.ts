import { XSadd } from 'ml-xsadd';
import type { Scaling } from './sql';

/** Pure numerics of the segmentation: scaling, assignment, quality and balance. */

export type Matrix = number[][];

/** Mean and standard deviation per column; a constant column gets scale 0 (the caller drops it). */
export function scalingOf(rows: Matrix, width: number): Scaling[] {
  const n = rows.length;
  return Array.from({ length: width }, (_, j) => {
    let sum = 0;
    for (const row of rows) sum += row[j]!;
    const mean = sum / n;
    let squares = 0;
    for (const row of rows) squares += (row[j]! - mean) ** 2;
    return { mean, scale: Math.sqrt(squares / n) };
  });
}

export function standardize(rows: Matrix, scaling: readonly Scaling[]): Matrix {
  return rows.map((row) => row.map((v, j) => (v - scaling[j]!.mean) / scaling[j]!.scale));
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let j = 0; j < a.length; j++) d += (a[j]! - b[j]!) ** 2;
  return d;
}

/** Index of the nearest centroid; ties go to the first, as in the view (ordered by code there). */
export function nearest(point: readonly number[], centroids: Matrix): number {
  let best = 0;
  let bestDistance = Infinity;
  centroids.forEach((c, i) => {
    const d = squaredDistance(point, c);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/** Within-group sum of squared distances to the centroids. */
export function inertia(points: Matrix, centroids: Matrix, groups: readonly number[]): number {
  return points.reduce((sum, p, i) => sum + squaredDistance(p, centroids[groups[i]!]!), 0);
}

export function shares(groups: readonly number[], k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const g of groups) counts[g]! += 1;
  return counts.map((c) => c / groups.length);
}

export interface Balance {
  minShare: number;
  maxShare: number;
}

export function isBalanced(groupShares: readonly number[], { minShare, maxShare }: Balance): boolean {
  return groupShares.every((s) => s >= minShare && s <= maxShare);
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987): for each point, a = mean distance to its own group,
 * b = smallest mean distance to another group, s = (b − a) / max(a, b); s = 0 for a point alone in
 * its group. Quadratic in the points: the caller passes a subsample.
 */
export function silhouette(points: Matrix, groups: readonly number[], k: number): number {
  const sizes = new Array<number>(k).fill(0);
  for (const g of groups) sizes[g]! += 1;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < points.length; j++) {
      if (i !== j) sums[groups[j]!]! += Math.sqrt(squaredDistance(points[i]!, points[j]!));
    }
    const own = groups[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let g = 0; g < k; g++) if (g !== own && sizes[g]! > 0) b = Math.min(b, sums[g]! / sizes[g]!);
    if (b === Infinity) continue;
    const denominator = Math.max(a, b);
    total += denominator === 0 ? 0 : (b - a) / denominator;
  }
  return total / points.length;
}

/** `size` distinct indices of 0…n−1 drawn by a seeded generator (all of them when n ≤ size), sorted. */
export function subsample(n: number, size: number, seed: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return indices;
  const random = new XSadd(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random.random() * (n - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, size).sort((a, b) => a - b);
}
