import { cluster, SILHOUETTE_TIE, type Candidate } from './cluster';
import { describeSegments, TRAIT_DEVIATION, type Segment } from './describe';
import { asOfDay, availableFeatures, FEATURES, transform, type Feature } from './features';
import { scalingOf, standardize, type Balance } from './model';
import type { CrmReader } from './read';
import { viewSql, type Scaling } from './sql';

/** From the CRM to a proposal: which features, the sample, the clustering, the named groups. */

export interface ProposeOptions {
  schema: string;
  windowMonths: number;
  maxK: number;
  sampleSize: number;
  seed: number;
  balance: Balance;
  runs: number;
  selectionSize: number;
  silhouetteSize: number;
}

export interface Progress {
  stage(message: string): void;
  run(done: number, total: number): void;
}

export interface FeatureDescription {
  key: string;
  zh: string;
  en: string;
  unit: { zh: string; en: string };
  transform: Feature['transform'];
  /** of the transformed value: standardized = (transformed − mean) / scale */
  mean: number;
  scale: number;
}

export interface Proposal {
  schema: string;
  asOf: string;
  /** the day given with --as-of, which the view keeps; absent: the view moves with the calendar */
  asOfDay?: string;
  windowMonths: number;
  seed: number;
  customers: number;
  sampleSize: number;
  features: FeatureDescription[];
  leftOut: { key: string; zh: string; en: string; reason: string }[];
  /** customer rows that break the contract, by reason, and what was made of them */
  invalidRows: { reason: string; rows: number; readAs: string }[];
  criterion: {
    description: string;
    balance: Balance;
    traitDeviation: number;
  };
  k: number;
  segments: Segment[];
  quality: {
    silhouette: number;
    inertiaPerCustomer: number;
    converged: boolean;
    iterations: number;
    candidates: Candidate[];
  };
}

export async function propose(
  crm: CrmReader,
  options: ProposeOptions,
  progress: Progress,
): Promise<Proposal> {
  progress.stage(`reading the columns of schema ${options.schema}`);
  const { available, missing } = availableFeatures(await crm.columns());
  const leftOut = missing.map(({ feature, lacks }) => ({
    key: feature.key,
    zh: feature.zh,
    en: feature.en,
    reason: `the CRM lacks ${lacks.join(', ')}`,
  }));
  for (const { key, reason } of leftOut) progress.stage(`left out ${key}: ${reason}`);

  const { asOf, customers, invalid } = await crm.population(available);
  for (const { reason, rows, readAs } of invalid)
    progress.stage(`${rows} customers with ${reason}: ${readAs}`);
  const sampleSize = Math.min(options.sampleSize, customers);
  progress.stage(`reading features of ${sampleSize} of ${customers} active customers (as of ${asOf})`);
  const sample = await crm.sample({
    features: available,
    windowMonths: options.windowMonths,
    size: sampleSize,
    seed: options.seed,
  });
  if (sample.rows.length < options.maxK * 10) {
    throw new Error(`only ${sample.rows.length} active customers: too few to propose groups`);
  }

  const transformed = sample.rows.map((row) => row.map((v, j) => transform(available[j]!, v)));
  const allScaling = scalingOf(transformed, available.length);
  const kept = available.map((_, j) => j).filter((j) => allScaling[j]!.scale > 0);
  for (const j of available.keys()) {
    if (allScaling[j]!.scale > 0) continue;
    const f = available[j]!;
    leftOut.push({ key: f.key, zh: f.zh, en: f.en, reason: 'the same for every sampled customer' });
    progress.stage(`left out ${f.key}: the same for every sampled customer`);
  }
  if (kept.length === 0) throw new Error('every feature is the same for every sampled customer');
  const features = kept.map((j) => available[j]!);
  const scaling: Scaling[] = kept.map((j) => allScaling[j]!);
  const raw = sample.rows.map((row) => kept.map((j) => row[j]!));
  const standardized = standardize(
    transformed.map((row) => kept.map((j) => row[j]!)),
    scaling,
  );

  progress.stage(`clustering ${raw.length} customers on ${features.length} features, k = 2…${options.maxK}`);
  const clustering = await cluster(standardized, {
    maxK: options.maxK,
    balance: options.balance,
    seed: options.seed,
    runs: options.runs,
    selectionSize: options.selectionSize,
    silhouetteSize: options.silhouetteSize,
    onRun: progress.run,
  });
  const segments = describeSegments({
    features,
    raw,
    standardized,
    groups: clustering.groups,
    centroids: clustering.centroids,
  });
  return {
    schema: options.schema,
    asOf,
    asOfDay: crm.asOfDay,
    windowMonths: options.windowMonths,
    seed: options.seed,
    customers,
    sampleSize: raw.length,
    features: features.map((f, j) => ({
      key: f.key,
      zh: f.zh,
      en: f.en,
      unit: f.unit,
      transform: f.transform,
      mean: scaling[j]!.mean,
      scale: scaling[j]!.scale,
    })),
    leftOut,
    invalidRows: invalid,
    criterion: {
      description:
        `k-means++ (best of ${options.runs} seeded runs) on standardized features for k = 2…${options.maxK} ` +
        `on ${Math.min(options.selectionSize, raw.length)} sampled customers; the k with the highest mean silhouette ` +
        `(on ${Math.min(options.silhouetteSize, raw.length)} of them; within ${SILHOUETTE_TIE} of it the fewer groups) ` +
        `among those whose every group holds ${options.balance.minShare * 100}–${options.balance.maxShare * 100} % ` +
        `of the customers, refined on the whole sample`,
      balance: options.balance,
      traitDeviation: TRAIT_DEVIATION,
    },
    k: clustering.k,
    segments,
    quality: {
      silhouette: clustering.silhouette,
      inertiaPerCustomer: clustering.inertia / raw.length,
      converged: clustering.converged,
      iterations: clustering.iterations,
      candidates: clustering.candidates,
    },
  };
}

/** The view assigning every active customer to the nearest of the proposal's centroids. */
export function proposalView(proposal: Proposal): string {
  const byKey = new Map(FEATURES.map((f) => [f.key, f]));
  const sql = viewSql({
    features: proposal.features.map((f) => byKey.get(f.key)!),
    scaling: proposal.features,
    segments: proposal.segments.map((s) => ({ code: s.code, name: s.name.zh, centroid: s.centroid })),
    windowMonths: proposal.windowMonths,
  });
  return asOfDay(sql, proposal.asOfDay);
}
