import { ExpiringMap } from '../collections/expiring-map';

/**
 * At most `limit` requests per key (a client address) in each fixed window. Bounded like every per-address
 * structure of the public listener: constant work per request, the oldest keys dropped first when full.
 */
export class RateLimit {
  private readonly windows: ExpiringMap<string, { count: number; resetAt: number }>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    capacity = 50_000,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new ExpiringMap(capacity, now);
  }

  /** Counts one request for `key`: 0 when it may go ahead, else the whole seconds until the key's window resets. */
  take(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs }, this.windowMs);
      return 0;
    }
    if (window.count >= this.limit) return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    window.count++;
    return 0;
  }
}
