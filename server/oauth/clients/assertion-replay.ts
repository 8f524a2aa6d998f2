/** Remembered assertion ids at most; beyond it the ones already expired are dropped first. */
const maxRemembered = 100_000;

/**
 * RFC 7523 §3 item 7: a client assertion's `jti` may be used once. Each id is remembered (per client) until its
 * assertion expires, after which `exp` refuses it anyway. In memory: a restart forgets, and the lifetime cap keeps
 * that window short.
 */
export class AssertionReplay {
  private readonly seen = new Map<string, number>();

  /** Records the id; false when it was seen before and has not expired. */
  claim(clientId: string, jti: string, expiresAtMs: number, now = Date.now()): boolean {
    const key = `${clientId}\u0000${jti}`;
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    if (this.seen.size >= maxRemembered) this.prune(now);
    this.seen.set(key, expiresAtMs);
    return true;
  }

  private prune(now: number): void {
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    // Still full of live ids: drop the oldest-inserted, which expire first under the lifetime cap.
    for (const key of this.seen.keys()) {
      if (this.seen.size < maxRemembered) break;
      this.seen.delete(key);
    }
  }
}
