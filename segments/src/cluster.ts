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
 * k-means (ml-kmeans, k-means++ seeding) on standardized features, k chosen by the silhouette.
 * k is chosen on a subsample of the sample (each k's fit is quadratic in nothing, but there are
 * many), then the chosen k is fitted on the whole sample.
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
  const total = (ks.length + 1) * options.runs;
  let done = 0;

  const fit = (data: Matrix, k: number): Run => {
    let best: Run | undefined;
    for (let run = 0; run < options.runs; run++) {
      const result = kmeans(data, k, { initialization: 'kmeans++', seed: options.seed + run });
      const groups = data.map((p) => nearest(p, result.centroids));
      const candidate = {
        centroids: result.centroids,
        groups,
        inertia: inertia(data, result.centroids, groups),
        converged: result.converged,
        iterations: result.iterations,
      };
      if (!best || candidate.inertia < best.inertia) best = candidate;
      options.onRun?.(++done, total);
    }
    return best!;
  };

  const selectionIndices = subsample(points.length, options.selectionSize, options.seed);
  const selection = selectionIndices.map((i) => points[i]!);
  const silhouetteIndices = subsample(selection.length, options.silhouetteSize, options.seed + 1);
  const silhouettePoints = silhouetteIndices.map((i) => selection[i]!);

  const runs = new Map<number, Run>();
  const candidates: Candidate[] = ks.map((k) => {
    const run = fit(selection, k);
    runs.set(k, run);
    const groupShares = shares(run.groups, k);
    return {
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

  // the best balanced k by silhouette (the smaller k on a tie) that stays balanced on the whole sample
  const ranked = candidates
    .filter((c) => c.balanced)
    .sort((a, b) => b.silhouette - a.silhouette || a.k - b.k);
  for (const candidate of ranked) {
    const whole = selection.length === points.length ? runs.get(candidate.k)! : fit(points, candidate.k);
    const groupShares = shares(whole.groups, candidate.k);
    if (!isBalanced(groupShares, options.balance)) continue;
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
    .map((c) => `k=${c.k}: ${c.shares.map((s) => `${(s * 100).toFixed(1)} %`).join(' / ')}`)
    .join('; ');
  throw new Error(
    `no k in 2…${options.maxK} gives groups of ${options.balance.minShare * 100}–${options.balance.maxShare * 100} % ` +
      `of the customers (${tried}); widen --min-share / --max-share`,
  );
}
