// A cache whose size does not grow with the input. The letters' caches (widths, shaped runs,
// broken paragraphs) are hit by the wording every letter repeats and missed by each person's
// name, address and figures; kept whole, those misses made a 48,000-person run hold several
// times the memory of a 12,000-person one. An import's folded payment methods are a handful of
// values over 460k rows, but a file may hold anything there. Two generations: when the newer
// fills up it becomes the older and the oldest is dropped, and a hit in the older moves the entry
// to the newer, so what repeats stays cached while one-off entries age out.
export class BoundedCache<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();

  /** `limit` entries per generation: at most twice that are held. */
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const hit = this.newer.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.newer.size >= this.limit) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}
