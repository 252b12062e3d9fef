import type { CustomerRow, Millis } from './model';
import type { World } from './world';

/**
 * What outages need to know of every account — its grid, when it was active, whether its credit is low —
 * recorded while the accounts are generated, in typed arrays (about 11 bytes an account), so that
 * listing who an outage cut off never generates an account again.
 */
export class Population {
  private readonly gridIndex: ReadonlyMap<string, number>;
  private readonly grid: Uint16Array;
  /** epoch seconds; closed: 2^31 − 1 while open */
  private readonly opened: Int32Array;
  private readonly closed: Int32Array;
  private readonly lowCredit: Uint8Array;
  private lists: Int32Array[] | null = null;

  constructor(private readonly world: World) {
    const n = world.sizes.customers + 1;
    this.gridIndex = new Map(world.grids.grids.map((g, i) => [g.id, i]));
    this.grid = new Uint16Array(n);
    this.opened = new Int32Array(n);
    this.closed = new Int32Array(n);
    this.lowCredit = new Uint8Array(n);
  }

  record(customer: CustomerRow): void {
    const id = customer.id;
    this.grid[id] = this.gridIndex.get(customer.region_id)!;
    this.opened[id] = customer.opened_at / 1000;
    this.closed[id] = customer.closed_at === null ? 0x7fffffff : customer.closed_at / 1000;
    this.lowCredit[id] = customer.credit_grade === 'C' || customer.credit_grade === 'D' ? 1 : 0;
    this.lists = null;
  }

  /** the accounts of a grid, in id order */
  accountsOf(gridId: string): Int32Array {
    this.lists ??= this.buildLists();
    return this.lists[this.gridIndex.get(gridId)!]!;
  }

  gridOf(id: number): string {
    return this.world.grids.grids[this.grid[id]!]!.id;
  }

  isActive(id: number, t: Millis): boolean {
    const s = t / 1000;
    return this.opened[id]! <= s && this.closed[id]! > s;
  }

  hasLowCredit(id: number): boolean {
    return this.lowCredit[id] === 1;
  }

  private buildLists(): Int32Array[] {
    const counts = new Int32Array(this.world.grids.grids.length);
    for (let id = 1; id < this.grid.length; id++) counts[this.grid[id]!]!++;
    const lists = Array.from(counts, (n) => new Int32Array(n));
    const filled = new Int32Array(counts.length);
    for (let id = 1; id < this.grid.length; id++) {
      const g = this.grid[id]!;
      lists[g]![filled[g]!++] = id;
    }
    return lists;
  }
}
