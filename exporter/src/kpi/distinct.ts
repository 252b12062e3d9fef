/**
 * Distinct items by a JSON identity, in order of first appearance, each with its index: how terms
 * shared by several measures, and quantities shared by several families, are computed once.
 */
export class Distinct<T> {
  readonly items: T[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(private readonly identity: (item: T) => unknown) {}

  /** The index of the item, or of the first one with the same identity. */
  indexOf(item: T): number {
    const key = JSON.stringify(this.identity(item));
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.items.push(item) - 1;
      this.indexes.set(key, index);
    }
    return index;
  }
}
