import { Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../config';
import type { Family } from '../kpi';
import { LabelCap } from '../kpi/label-caps';
import { CAPPED_LABELS, labelKey, type CappedLabel } from '../kpi/model';
import type { RegionInfo } from '../kpi/regions';
import type { FamilyRow, KpiValues } from '../kpi/values';
import { prepare, type ContentType, type Prepared } from './exposition';
import { SELF_METRICS } from './self';

type Labels = Record<string, string>;
interface Series {
  labels: Labels;
  values: number[];
}

export const REGION_INFO = {
  name: 'crm_region_info',
  type: 'gauge',
  help: 'Always 1: the name, parent and level of every region at or above the label level.',
  labels: ['region', 'name', 'parent', 'level'],
} as const;

/**
 * Turns collections into the KPI exposition. Keeps what must outlive a refresh: the label caps, every
 * label combination ever published (so series never vanish), and the last good values of each family
 * (so a failed query keeps publishing what it had).
 */
export class Publisher {
  private readonly caps: Record<CappedLabel, LabelCap>;
  private readonly series = new Map<string, Map<string, Series>>();
  private readonly invalid = new Map<string, Map<string, number>>();
  /** every region info label set ever published → 1 while current, 0 after a rename or removal */
  private readonly regionInfo = new Map<string, { labels: Labels; value: number }>();
  /** label combinations (family + labels) refused by the series budget in the last collection */
  private readonly refused = new Set<string>();
  private applied = false;
  /** the exposition of the last collection, prepared once per content type, plain and gzip */
  private readonly prepared = new Map<ContentType, Promise<Prepared>>();
  /** the formats scraped so far: prepared as soon as a collection is applied, the others when asked */
  private readonly wanted = new Set<ContentType>();

  constructor(
    private readonly config: Config,
    private readonly families: Family[],
  ) {
    this.caps = {
      segment: new LabelCap(config.labels.segment),
      channel: new LabelCap(config.labels.channel),
    };
  }

  /** Applies a collection; returns the label values newly folded into `other`, by label. */
  apply(collection: KpiValues): Record<CappedLabel, string[]> {
    const folded = this.observeCappedLabels(collection);
    this.refused.clear();
    let room = this.config.max_series - this.seriesCount;
    for (const family of this.families) {
      const rows = collection.families.get(family.name);
      if (rows instanceof Error || rows === undefined) continue;
      room = this.updateFamily(family, rows, room);
    }
    for (const [relation, counts] of collection.invalid) {
      if (counts instanceof Error) continue;
      const known = this.invalid.get(relation) ?? new Map<string, number>();
      for (const reason of known.keys()) known.set(reason, 0);
      for (const [reason, n] of counts) known.set(reason, n);
      this.invalid.set(relation, known);
    }
    this.updateRegionInfo(collection.regions.info);
    this.applied = true;
    this.prepared.clear();
    for (const contentType of this.wanted) this.prepareOnce(contentType);
    return folded;
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
    for (const reasons of this.invalid.values()) n += reasons.size;
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
    const folded = { segment: [] as string[], channel: [] as string[] };
    for (const label of CAPPED_LABELS) {
      // rank by rows carrying each value: every valid row of each source counted once
      const frequencies = new Map<string, number>();
      const sourcesSeen = new Set<string>();
      for (const family of this.families) {
        if (!family.labels.includes(label) || family.rows || sourcesSeen.has(family.source)) continue;
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
    for (const series of known.values()) series.values = family.measures.map(() => 0);
    const cost = family.measures.length;
    for (const row of rows) {
      const labels = { ...row.labels };
      for (const label of CAPPED_LABELS) {
        if (label in labels) labels[label] = this.caps[label].map(labels[label] as string);
      }
      const key = labelKey(labels);
      const existing = known.get(key);
      if (existing) existing.values = existing.values.map((v, i) => v + (row.values[i] as number));
      else if (cost <= room) {
        known.set(key, { labels, values: [...row.values] });
        room -= cost;
      } else this.refused.add(`${family.name}${key}`);
    }
    this.series.set(family.name, known);
    return room;
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
      const series = [...(this.series.get(family.name)?.values() ?? [])];
      family.measures.forEach((measure, i) => {
        const options = { name: measure.metric, help: measure.help, labelNames: family.labels, registers };
        if (measure.type === 'counter') {
          const counter = new Counter(options);
          for (const s of series) counter.inc(s.labels, s.values[i] as number);
        } else {
          const gauge = new Gauge(options);
          for (const s of series) gauge.set(s.labels, s.values[i] as number);
        }
      });
    }
    const invalid = new Counter({
      name: SELF_METRICS.invalidRows.name,
      help: SELF_METRICS.invalidRows.help,
      labelNames: SELF_METRICS.invalidRows.labels,
      registers,
    });
    for (const [relation, reasons] of this.invalid) {
      for (const [reason, n] of reasons) invalid.inc({ relation, reason }, n);
    }
    const regionInfo = new Gauge({ ...REGION_INFO, labelNames: REGION_INFO.labels, registers });
    for (const { labels, value } of this.regionInfo.values()) regionInfo.set(labels, value);
    return registry;
  }
}
