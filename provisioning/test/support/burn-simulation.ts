import { seconds, type BurnRateWindow } from '../../src/slo';

/**
 * A county's decided cases minute by minute (Poisson arrivals, each late with probability `lateShare`),
 * and the page alert's conditions evaluated every minute as Prometheus would: per window pair, the late
 * share of both windows above factor × budget and at least `minEvents` decided cases in the long window
 * (`minIn: 'long'`, the rules before) or in both windows (`'both'`); `for` and `keep_firing_for` as in
 * the rule. Returns the pages (starts of firing) per simulated day.
 */
export interface Simulation {
  casesPerDay: number;
  lateShare: number;
  budget: number;
  pairs: BurnRateWindow[];
  minEvents: number;
  minIn: 'long' | 'both';
  forMinutes: number;
  keepFiringMinutes: number;
  days: number;
  seed: number;
}

/** mulberry32: a small seeded PRNG, so the figure is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Knuth's Poisson sampler: fine for the small per-minute means here. */
function poisson(mean: number, next: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = next();
  while (p > limit) {
    k += 1;
    p *= next();
  }
  return k;
}

/** Sliding sums of the last `minutes` entries of a stream. */
class Window {
  private readonly ring: Int32Array;
  private i = 0;
  sum = 0;
  constructor(minutes: number) {
    this.ring = new Int32Array(minutes);
  }
  push(value: number): void {
    this.sum += value - (this.ring[this.i] as number);
    this.ring[this.i] = value;
    this.i = (this.i + 1) % this.ring.length;
  }
}

export function pagesPerDay(s: Simulation): number {
  const next = random(s.seed);
  const minutes = (w: string) => seconds(w) / 60;
  const windows = s.pairs.flatMap((p) => [p.long, p.short]);
  const due = new Map(windows.map((w) => [w, new Window(minutes(w))]));
  const late = new Map(windows.map((w) => [w, new Window(minutes(w))]));
  let trueFor = 0;
  let firing = false;
  let falseFor = 0;
  let pages = 0;
  for (let t = 0; t < s.days * 1440; t += 1) {
    const decided = poisson(s.casesPerDay / 1440, next);
    let lateNow = 0;
    for (let c = 0; c < decided; c += 1) if (next() < s.lateShare) lateNow += 1;
    for (const w of windows) {
      due.get(w)?.push(decided);
      late.get(w)?.push(lateNow);
    }
    const burning = s.pairs.some((p) => {
      const limit = p.factor * s.budget;
      const [dl, ds] = [due.get(p.long)?.sum ?? 0, due.get(p.short)?.sum ?? 0];
      const [ll, ls] = [late.get(p.long)?.sum ?? 0, late.get(p.short)?.sum ?? 0];
      const enough = dl >= s.minEvents && (s.minIn === 'long' || ds >= s.minEvents);
      return enough && dl > 0 && ds > 0 && ll / dl > limit && ls / ds > limit;
    });
    trueFor = burning ? trueFor + 1 : 0;
    if (burning && !firing && trueFor > s.forMinutes) {
      firing = true;
      pages += 1;
    }
    falseFor = burning ? 0 : falseFor + 1;
    if (firing && !burning && falseFor > s.keepFiringMinutes) firing = false;
  }
  return pages / s.days;
}
