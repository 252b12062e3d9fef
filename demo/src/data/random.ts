/**
 * Seeded pseudo-random numbers: the demo data must be identical on every run, so nothing here touches
 * Math.random(). A generator is a plain function returning uniforms in [0, 1).
 */
export type Random = () => number;

// read once: every row draws many numbers, and a global lookup per call is slow where the global object
// is a sandbox's (jest runs the tests in a vm context)
const { imul, floor, sqrt, log, cos, exp, PI } = Math;

/** 32-bit integer mix (the finaliser of MurmurHash3): spreads nearby seeds far apart. */
export function mix32(x: number): number {
  let h = x | 0;
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash of several integers (ids up to 2^53 are split into two 32-bit halves). */
export function hashOf(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const low = part % 0x100000000;
    const high = floor(part / 0x100000000);
    h = mix32(h ^ low);
    h = mix32(h ^ high ^ 0x27d4eb2d);
  }
  return h;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent stream for one item (a row id in one stream), reproducible on its own. */
export function randomFor(seed: number, stream: number, id: number): Random {
  return createRandom(hashOf(seed, stream, id));
}

export function chance(random: Random, p: number): boolean {
  return random() < p;
}

export function uniformInt(random: Random, min: number, maxInclusive: number): number {
  return min + floor(random() * (maxInclusive - min + 1));
}

export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log stays finite
  return sqrt(-2 * log(u)) * cos(2 * PI * random());
}

/** Lognormal with the given median and log-space spread: handling and travel times. */
export function lognormal(random: Random, median: number, sigma: number): number {
  return median * exp(sigma * normal(random));
}

export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + sqrt(mean) * normal(random)));
  const limit = exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

/** Cumulative weights, so that picking is a binary search. */
export interface WeightedChoice<T> {
  values: readonly T[];
  cumulative: Float64Array;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedChoice<T> {
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, w], i) => {
    sum += w;
    cumulative[i] = sum;
  });
  for (let i = 0; i < cumulative.length; i++) cumulative[i]! /= sum;
  return { values: entries.map(([v]) => v), cumulative };
}

export function pick<T>(random: Random, choice: WeightedChoice<T>): T {
  const u = random();
  const c = choice.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < c[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return choice.values[lo]!;
}
