import { EVD, Matrix as MlMatrix, covariance } from 'ml-matrix';
import {
  inertia,
  isBalanced,
  nearest,
  shares,
  silhouette,
  subsample,
  type Balance,
  type Matrix,
} from './model';

/**
 * A group cut in two halves of equal size across the axis it spreads most on: the halves' means.
 * 2-means tends to cut a small outlying lump off a large group instead (3 % of the customers off a
 * group of 49 %), which the smallest share dissolves again, so the large group never comes under the
 * largest share.
 */
function halves(members: Matrix): Matrix {
  const points = new MlMatrix(members);
  const { realEigenvalues: variances, eigenvectorMatrix } = new EVD(covariance(points), {
    assumeSymmetric: true,
  });
  const axis = eigenvectorMatrix.getColumn(variances.indexOf(Math.max(...variances)));
  const along = members.map((point, i) => ({
    i,
    at: point.reduce((sum, x, j) => sum + x * (axis[j] ?? 0), 0),
  }));
  along.sort((a, b) => a.at - b.at || a.i - b.i);
  const middle = Math.floor(along.length / 2);
  const meanOf = (part: typeof along) =>
    new MlMatrix(part.map(({ i }) => members[i] as number[])).mean('column');
  return [meanOf(along.slice(0, middle)), meanOf(along.slice(middle))];
}

/**
 * k-means (ml-kmeans, k-means++ seeding) on standardized features, k chosen by the silhouette.
 * Service data is sparse (most customers never complain): k-means likes to give a few extreme
 * customers a group of their own and leave the quiet majority in one. So a group below the smallest
 * share is dissolved into the others, one above the largest is cut in halves, each followed by one
 * k-means step.
 * k is chosen on a subsample of the sample, then its centroids take one k-means step on the whole sample.
 */

export interface ClusterOptions {
  maxK: number;
  balance: Balance;
  seed: number;
  /** k-means++ runs per k, the one with the least inertia kept */
  runs: number;
  /** customers k is chosen on */
  selectionSize: number;
  /** customers the silhouette is computed on */
  silhouetteSize: number;
  /** called after each k-means run */
  onRun?: (done: number, total: number) => void;
}

export interface Candidate {
  /** groups k-means started with */
  startedWith: number;
  /** groups after rebalancing (dissolving small groups, splitting large ones) */
  k: number;
  silhouette: number;
  inertia: number;
  shares: number[];
  balanced: boolean;
}

export interface Clustering {
  k: number;
  centroids: Matrix;
  /** nearest centroid of each sample point, as the view assigns it */
  groups: number[];
  shares: number[];
  inertia: number;
  silhouette: number;
  converged: boolean;
  iterations: number;
  /** every k tried on the selection subsample */
  candidates: Candidate[];
}

interface Run {
  centroids: Matrix;
  groups: number[];
  inertia: number;
  converged: boolean;
  iterations: number;
}

export const MAX_GROUPS = 7;
/** silhouettes closer than this are a tie, won by the smaller k */
export const SILHOUETTE_TIE = 0.01;

/** ml-kmeans is an ES module: loaded once, dynamically, from this CommonJS package. */
type Library = typeof import('ml-kmeans', { with: { 'resolution-mode': 'import' } });
let loaded: Promise<Library> | undefined;
const library = (): Promise<Library> => (loaded ??= import('ml-kmeans'));

export async function cluster(points: Matrix, options: ClusterOptions): Promise<Clustering> {
  const { kmeans } = await library();
  if (options.maxK < 2 || options.maxK > MAX_GROUPS) {
    throw new Error(`max-k must be 2…${MAX_GROUPS}, got ${options.maxK}`);
  }
  const ks = Array.from({ length: options.maxK - 1 }, (_, i) => i + 2);
  const total = ks.length * options.runs + 1;
  let done = 0;

  const toRun = (data: Matrix, result: ReturnType<Library['kmeans']>): Run => {
    const groups = data.map((p) => nearest(p, result.centroids));
    return {
      centroids: result.centroids,
      groups,
      inertia: inertia(data, result.centroids, groups),
      converged: result.converged,
      iterations: result.iterations,
    };
  };
  // one assignment and one centroid update: refitted to convergence, a centroid freed by a dissolved
  // group or a split one wanders back to the small outlying lump the balance has just dissolved, and
  // the groups balanced on the selection come apart again on the whole sample
  const settle = (data: Matrix, centroids: Matrix): Run =>
    toRun(data, kmeans(data, centroids.length, { initialization: centroids, maxIterations: 1 }));
  /**
   * Dissolves the smallest group while it is below the smallest share, splits the largest in halves
   * while it is above the largest share, and takes one k-means step for all after each.
   */
  const rebalance = (data: Matrix, run: Run): Run => {
    let current = run;
    for (let step = 0; step < 2 * options.maxK; step++) {
      const k = current.centroids.length;
      const groupShares = shares(current.groups, k);
      const smallest = groupShares.indexOf(Math.min(...groupShares));
      const largest = groupShares.indexOf(Math.max(...groupShares));
      if (groupShares[smallest]! < options.balance.minShare && k > 2) {
        current = settle(
          data,
          current.centroids.filter((_, i) => i !== smallest),
        );
      } else if (groupShares[largest]! > options.balance.maxShare && k < options.maxK) {
        const members = data.filter((_, i) => current.groups[i] === largest);
        current = settle(data, [...current.centroids.filter((_, i) => i !== largest), ...halves(members)]);
      } else break;
    }
    return current;
  };
  const bestRun = (data: Matrix, k: number): Run => {
    let best: Run | undefined;
    for (let run = 0; run < options.runs; run++) {
      const candidate = toRun(
        data,
        kmeans(data, k, { initialization: 'kmeans++', seed: options.seed + run }),
      );
      if (!best || candidate.inertia < best.inertia) best = candidate;
      options.onRun?.(++done, total);
    }
    return rebalance(data, best!);
  };

  const selectionIndices = subsample(points.length, options.selectionSize, options.seed);
  const selection = selectionIndices.map((i) => points[i]!);
  const silhouetteIndices = subsample(selection.length, options.silhouetteSize, options.seed + 1);
  const silhouettePoints = silhouetteIndices.map((i) => selection[i]!);

  const runs = new Map<number, Run>();
  const candidates: Candidate[] = ks.map((startedWith) => {
    const run = bestRun(selection, startedWith);
    runs.set(startedWith, run);
    const k = run.centroids.length;
    const groupShares = shares(run.groups, k);
    return {
      startedWith,
      k,
      silhouette: silhouette(
        silhouettePoints,
        silhouetteIndices.map((i) => run.groups[i]!),
        k,
      ),
      inertia: run.inertia,
      shares: groupShares,
      balanced: isBalanced(groupShares, options.balance),
    };
  });

  // the best balanced k by silhouette that stays balanced on the whole sample; silhouettes within
  // SILHOUETTE_TIE of the best are a tie (sampling noise), won by the fewer groups
  const balanced = candidates.filter((c) => c.balanced);
  const best = Math.max(...balanced.map((c) => c.silhouette));
  const tied = (c: Candidate) => c.silhouette > best - SILHOUETTE_TIE;
  const ranked = [
    ...balanced.filter(tied).sort((a, b) => a.k - b.k || b.silhouette - a.silhouette),
    ...balanced.filter((c) => !tied(c)).sort((a, b) => b.silhouette - a.silhouette),
  ];
  for (const candidate of ranked) {
    const chosen = runs.get(candidate.startedWith)!;
    const whole =
      selection.length === points.length ? chosen : rebalance(points, settle(points, chosen.centroids));
    const groupShares = shares(whole.groups, whole.centroids.length);
    if (whole.centroids.length !== candidate.k || !isBalanced(groupShares, options.balance)) continue;
    options.onRun?.(total, total);
    return {
      k: candidate.k,
      centroids: whole.centroids,
      groups: whole.groups,
      shares: groupShares,
      inertia: whole.inertia,
      silhouette: candidate.silhouette,
      converged: whole.converged,
      iterations: whole.iterations,
      candidates,
    };
  }
  const tried = candidates
    .map((c) => `k=${c.startedWith}→${c.k}: ${c.shares.map((s) => `${(s * 100).toFixed(1)} %`).join(' / ')}`)
    .join('; ');
  throw new Error(
    `no k in 2…${options.maxK} gives groups of ${options.balance.minShare * 100}–${options.balance.maxShare * 100} % ` +
      `of the customers (${tried}); widen --min-share / --max-share`,
  );
}
