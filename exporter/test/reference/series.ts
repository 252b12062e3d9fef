/** A set of published series: `metric{label="value",...}` (labels sorted by name) → value. */
export type SeriesMap = Map<string, number>;
export type Labels = Record<string, string>;

export function seriesKey(name: string, labels: Labels = {}): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return name;
  return `${name}{${names.map((label) => `${label}=${JSON.stringify(labels[label])}`).join(',')}}`;
}

/** Adds `amount` to a series, creating it (so an amount of 0 publishes a zero-valued series). */
export function addTo(series: SeriesMap, name: string, labels: Labels, amount: number): void {
  const key = seriesKey(name, labels);
  series.set(key, (series.get(key) ?? 0) + amount);
}

/** The series whose metric name is one of `names` or starts with one of `prefixes`. */
export function pick(
  series: SeriesMap,
  filter: { names?: string[]; prefixes?: string[]; except?: string[] },
): SeriesMap {
  const metricOf = (key: string) => key.split('{')[0] as string;
  return new Map(
    [...series].filter(([key]) => {
      const metric = metricOf(key);
      if ((filter.except ?? []).includes(metric)) return false;
      return (
        (filter.names ?? []).includes(metric) || (filter.prefixes ?? []).some((p) => metric.startsWith(p))
      );
    }),
  );
}

/**
 * What an exporter publishes once the true counts are `truth`, having published `previous` before
 * (metrics.md v2, "counters never go down on the wire"): a counter (its name ends in `_total`) at the
 * higher of the two, a gauge as computed; a series published before and gone since stays, a gauge at 0.
 */
export function afterHoldback(previous: SeriesMap, truth: SeriesMap): SeriesMap {
  const expected: SeriesMap = new Map();
  const isCounter = (key: string) => (key.split('{')[0] as string).endsWith('_total');
  for (const key of new Set([...previous.keys(), ...truth.keys()])) {
    const now = truth.get(key) ?? 0;
    expected.set(key, isCounter(key) ? Math.max(now, previous.get(key) ?? now) : now);
  }
  return expected;
}
