/**
 * A map for state that strangers can make Handshake keep (per address, per client, per URL): each entry lives for
 * its own time, and the map never holds more than `capacity` entries, dropping the one set longest ago first.
 * Every operation does constant work: nothing ever walks the whole map.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live value, or undefined once it expired (an expired entry is dropped on the way). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` for `ttlMs` from now, as the newest entry. */
  set(key: K, value: V, ttlMs: number): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + ttlMs });
    this.dropOldest(now);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops expired entries from the oldest end (amortised constant: each entry is dropped once), then any over capacity. */
  private dropOldest(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.capacity && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
