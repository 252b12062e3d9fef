import type { LabelCapConfig } from '../config/schema';

export const OVERFLOW_VALUE = 'other';

/**
 * Keeps a data-driven label (segment, channel) within a bounded set of values. With an allow-list,
 * exactly those values pass. Otherwise the most frequent values are admitted up to `max`; once admitted
 * a value stays, so a published series never changes its label. Everything else becomes `other`.
 */
export class LabelCap {
  private readonly admitted = new Set<string>();
  private readonly folded = new Set<string>();

  constructor(private readonly config: LabelCapConfig) {
    for (const value of config.allow ?? []) this.admitted.add(value);
  }

  /** Admits new values by frequency (rows carrying them); returns values newly folded into `other`. */
  observe(frequencies: Map<string, number>): string[] {
    const fresh = [...frequencies.entries()]
      .filter(([value]) => !this.admitted.has(value) && !this.folded.has(value))
      .sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b));
    const newlyFolded: string[] = [];
    for (const [value] of fresh) {
      const room = !this.config.allow && (value === OVERFLOW_VALUE || this.admittedCount() < this.config.max);
      if (room) this.admitted.add(value);
      else {
        this.folded.add(value);
        newlyFolded.push(value);
      }
    }
    return newlyFolded;
  }

  map(value: string): string {
    return this.admitted.has(value) ? value : OVERFLOW_VALUE;
  }

  private admittedCount(): number {
    return this.admitted.size - (this.admitted.has(OVERFLOW_VALUE) ? 1 : 0);
  }
}
