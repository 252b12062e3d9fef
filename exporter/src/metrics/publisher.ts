import { Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../config';
import type { Family } from '../kpi';
import { LabelCap } from '../kpi/label-caps';
import { CAPPED_LABELS, labelKey, type CappedLabel } from '../kpi/model';
import type { RegionInfo } from '../kpi/regions';
import { SOURCES } from '../kpi/sources';
import type { FamilyRow, KpiValues } from '../kpi/values';
import { prepare, type ContentType, type Prepared } from './exposition';
import { SELF_METRICS } from './self';

type Labels = Record<string, string>;
interface Series {
  labels: Labels;
  /** what the last collection counted, per measure, and the one before it */
  computed: number[];
  previous: number[];
  /** what is published: the computed value, except that a counter never goes below what it showed */
  published: number[];
}

/** Rows skipped for one relation and reason: now, and ever found (a counter that never goes down). */
interface InvalidCount {
  now: number;
  found: number;
}

/** What applying a collection changed that the refresher reports. */
export interface Applied {
  /** label values newly folded into `other`, by label */
  folded: Record<CappedLabel, string[]>;
  /** per family: counter series whose count went down in this collection (the CRM corrected rows) */
  corrections: Map<string, number>;
}

export const REGION_INFO = {
  name: 'crm_region_info',
  type: 'gauge',
  help: 'Always 1: the name, parent and level of every region at or above the label level.',
  labels: ['region', 'name', 'parent', 'level'],
} as const;

/**
 * Turns collections into the KPI exposition. Keeps what must outlive a refresh: the label caps, every
 * label combination ever published (so series never vanish), the last good values of each family
 * (so a failed query keeps publishing what it had), and the highest value each counter has shown:
 * a CRM deletes, merges and back-dates rows, and a counter that went down would be read by Prometheus
 * as a reset (increase() would add its whole value again). A lower count is held at the published
 * value until the true count catches up; the amount held back is published per family.
 */
export class Publisher {
  private readonly caps: Record<CappedLabel, LabelCap>;
  private readonly series = new Map<string, Map<string, Series>>();
  /** per family: Σ (published − computed) over its counter series */
  private readonly held = new Map<string, number>();
  private readonly invalid = new Map<string, Map<string, InvalidCount>>();
  /** every region info label set ever published → 1 while current, 0 after a rename or removal */
  private readonly regionInfo = new Map<string, { labels: Labels; value: number }>();
  /** label combinations (family + labels) refused by the series budget in the last collection */
  private readonly refused = new Set<string>();
  private applied = false;
  /** the exposition of the last collection, prepared once per content type, plain and gzip */
  private readonly prepared = new Map<ContentType, Promise<Prepared>>();
  /** the formats scraped so far: prepared as soon as a collection is applied, the others when asked */
  private readonly wanted = new Set<ContentType>();
  /** the families the CRM has the relations and columns for: the others are declared only once published */
  private enabled: ReadonlySet<string>;

  /**
   * `invalidReasons`: every reason a row of each relation can be skipped for, known up front, so the
   * counter of rows found invalid starts at 0 and the first bad row is an increase Prometheus sees.
   */
  constructor(
    private readonly config: Config,
    private readonly families: Family[],
    invalidReasons: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    this.caps = Object.fromEntries(
      CAPPED_LABELS.map((label) => [label, new LabelCap(config.labels[label])]),
    ) as Record<CappedLabel, LabelCap>;
    for (const family of families) this.held.set(family.name, 0);
    this.enabled = new Set(families.map((family) => family.name));
    this.expectInvalidReasons(invalidReasons);
  }

  /**
   * The families the CRM can answer, and every reason a row of its relations can be skipped for (a
   * v1 CRM has no reason about a v2 column): reasons start at 0 and are never forgotten.
   */
  setContract(enabled: readonly Family[], invalidReasons: ReadonlyMap<string, readonly string[]>): void {
    this.enabled = new Set(enabled.map((family) => family.name));
    this.expectInvalidReasons(invalidReasons);
  }

  private expectInvalidReasons(invalidReasons: ReadonlyMap<string, readonly string[]>): void {
    for (const [relation, reasons] of invalidReasons) {
      const known = this.invalid.get(relation) ?? new Map<string, InvalidCount>();
      for (const reason of reasons) if (!known.has(reason)) known.set(reason, { now: 0, found: 0 });
      this.invalid.set(relation, known);
    }
  }

  /** Applies a collection. */
  apply(collection: KpiValues): Applied {
    const folded = this.observeCappedLabels(collection);
    const corrections = new Map<string, number>();
    this.refused.clear();
    let room = this.config.max_series - this.seriesCount;
    for (const family of this.families) {
      const rows = collection.families.get(family.name);
      if (rows instanceof Error || rows === undefined) continue;
      room = this.updateFamily(family, rows, room);
      corrections.set(family.name, this.holdCounters(family));
    }
    for (const [relation, counts] of collection.invalid) {
      if (counts instanceof Error) continue;
      const known = this.invalid.get(relation) ?? new Map<string, InvalidCount>();
      for (const reason of new Set([...known.keys(), ...counts.keys()])) {
        const count = known.get(reason) ?? { now: 0, found: 0 };
        const now = counts.get(reason) ?? 0;
        known.set(reason, { now, found: count.found + Math.max(0, now - count.now) });
      }
      this.invalid.set(relation, known);
    }
    this.updateRegionInfo(collection.regions.info);
    this.applied = true;
    this.prepared.clear();
    for (const contentType of this.wanted) this.prepareOnce(contentType);
    return { folded, corrections };
  }

  /** Per family: the amount its counters are held above their computed values (0 when none is). */
  get holdback(): ReadonlyMap<string, number> {
    return this.held;
  }

  /**
   * The KPI part of the exposition of the last applied collection, prepared once per refresh, not per
   * scrape (at the refresh for a format scraped before, else at its first scrape): the live
   * self-metrics follow it, so an OpenMetrics part has no `# EOF` yet.
   */
  exposition(contentType: ContentType): Promise<Prepared> {
    this.wanted.add(contentType);
    return this.applied ? this.prepareOnce(contentType) : prepare('');
  }

  private prepareOnce(contentType: ContentType): Promise<Prepared> {
    let prepared = this.prepared.get(contentType);
    if (!prepared) {
      prepared = this.prepare(contentType);
      prepared.catch(() => undefined); // a failure is the scrape's to report, not an unhandled rejection
      this.prepared.set(contentType, prepared);
    }
    return prepared;
  }

  private async prepare(contentType: ContentType): Promise<Prepared> {
    // prom-client renames counters in place when it renders OpenMetrics: one registry per format
    const text = await this.buildRegistry(contentType).metrics();
    const eof = '# EOF\n';
    if (contentType === Registry.OPENMETRICS_CONTENT_TYPE)
      return prepare(text.endsWith(eof) ? text.slice(0, -eof.length) : text);
    return prepare(text ? `${text}\n` : '');
  }

  /** Number of KPI series currently published. */
  get seriesCount(): number {
    let n = this.regionInfo.size;
    for (const family of this.families)
      n += (this.series.get(family.name)?.size ?? 0) * family.measures.length;
    // rows skipped are counted by reasons that occurred, not by every reason declared
    for (const reasons of this.invalid.values())
      for (const count of reasons.values()) if (count.found > 0) n += 1;
    return n;
  }

  private updateRegionInfo(current: RegionInfo[]): void {
    for (const entry of this.regionInfo.values()) entry.value = 0;
    for (const r of current) {
      const labels = { region: r.region, name: r.name, parent: r.parent, level: r.level };
      this.regionInfo.set(labelKey(labels), { labels, value: 1 });
    }
  }

  private observeCappedLabels(collection: KpiValues): Record<CappedLabel, string[]> {
    const folded = Object.fromEntries(CAPPED_LABELS.map((label) => [label, [] as string[]])) as Record<
      CappedLabel,
      string[]
    >;
    for (const label of CAPPED_LABELS) {
      // rank by rows carrying each value: every valid row of each source counted once, of the
      // relation it is read from (a stage is not another row of its application's segment), once
      // per row (not per threshold of a fanned-out source)
      const frequencies = new Map<string, number>();
      const sourcesSeen = new Set<string>();
      for (const family of this.families) {
        const source = SOURCES[family.source];
        const ownLabels = source.labelsFrom === source.relation && !family.fanOut;
        if (!family.labels.includes(label) || family.rows || !ownLabels || sourcesSeen.has(family.source))
          continue;
        const rows = collection.families.get(family.name);
        if (!Array.isArray(rows)) continue;
        sourcesSeen.add(family.source);
        for (const row of rows) {
          const value = row.labels[label] as string;
          frequencies.set(value, (frequencies.get(value) ?? 0) + row.rows);
        }
      }
      folded[label] = this.caps[label].observe(frequencies);
    }
    return folded;
  }

  /**
   * Adds a family's rows to its series. A label combination not seen before costs one series per
   * measure; past the series budget it is refused (and counted), while known ones keep updating.
   * Returns the room left in the budget.
   */
  private updateFamily(family: Family, rows: FamilyRow[], room: number): number {
    const known = this.series.get(family.name) ?? new Map<string, Series>();
    const counted = new Map<string, number[]>();
    const cost = family.measures.length;
    for (const row of rows) {
      const labels = { ...row.labels };
      for (const label of CAPPED_LABELS) {
        if (label in labels) labels[label] = this.caps[label].map(labels[label] as string);
      }
      const key = labelKey(labels);
      const sum = counted.get(key);
      if (sum) row.values.forEach((v, i) => (sum[i] = (sum[i] as number) + v));
      else if (known.has(key) || cost <= room) {
        counted.set(key, [...row.values]);
        if (!known.has(key)) {
          known.set(key, { labels, computed: [], previous: [], published: [] });
          room -= cost;
        }
      } else this.refused.add(`${family.name}${key}`);
    }
    for (const [key, series] of known) {
      series.previous = series.computed;
      series.computed = counted.get(key) ?? family.measures.map(() => 0);
    }
    this.series.set(family.name, known);
    return room;
  }

  /**
   * Publishes each counter at the higher of its computed and its published value, gauges as computed;
   * returns how many counter series went down since the last collection (each one a correction).
   */
  private holdCounters(family: Family): number {
    const counters = family.measures.map((m) => m.type === 'counter');
    let corrections = 0;
    let held = 0;
    for (const series of this.series.get(family.name)?.values() ?? []) {
      series.published = series.computed.map((value, i) => {
        // a series seen for the first time has nothing published yet
        const shown = series.published[i] ?? value;
        if (!counters[i] || value >= shown) return value;
        held += shown - value;
        return shown;
      });
      corrections += series.computed.filter((v, i) => counters[i] && v < (series.previous[i] ?? v)).length;
    }
    this.held.set(family.name, held);
    return corrections;
  }

  /** Label combinations the last collection could not publish because of max_series. */
  get refusedCombinations(): number {
    return this.refused.size;
  }

  private buildRegistry(contentType: ContentType): Registry<ContentType> {
    const registry = new Registry<ContentType>();
    registry.setContentType(contentType);
    const registers = [registry];
    for (const family of this.families) {
      if (!this.enabled.has(family.name) && !this.series.has(family.name)) continue;
      const series = [...(this.series.get(family.name)?.values() ?? [])];
      family.measures.forEach((measure, i) => {
        const options = { name: measure.metric, help: measure.help, labelNames: family.labels, registers };
        if (measure.type === 'counter') {
          const counter = new Counter(options);
          for (const s of series) counter.inc(s.labels, s.published[i] as number);
        } else {
          const gauge = new Gauge(options);
          for (const s of series) gauge.set(s.labels, s.published[i] as number);
        }
      });
    }
    const { invalidRows, invalidRowsFound } = SELF_METRICS;
    const skipped = new Gauge({ ...invalidRows, labelNames: invalidRows.labels, registers });
    const found = new Counter({ ...invalidRowsFound, labelNames: invalidRowsFound.labels, registers });
    for (const [relation, reasons] of this.invalid) {
      for (const [reason, count] of reasons) {
        // a reason that never occurred is only a counter at 0, not a gauge series
        if (count.found > 0) skipped.set({ relation, reason }, count.now);
        found.inc({ relation, reason }, count.found);
      }
    }
    const regionInfo = new Gauge({ ...REGION_INFO, labelNames: REGION_INFO.labels, registers });
    for (const { labels, value } of this.regionInfo.values()) regionInfo.set(labels, value);
    return registry;
  }
}
