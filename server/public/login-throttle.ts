/**
 * Slows password guessing: at most `perAccount` failures per email and `perAddress` per client address
 * within the window; further attempts are refused (without checking the password) until it passes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 20 },
  ) {}

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(email: string, address: string): number {
    const now = Date.now();
    const wait = (key: string, limit: number) => {
      const times = this.recent(key, now);
      return times.length >= limit ? Math.ceil((times[times.length - limit] + this.options.windowMs - now) / 1000) : 0;
    };
    return Math.max(wait(`email:${email.toLowerCase()}`, this.options.perAccount), wait(`address:${address}`, this.options.perAddress));
  }

  /**
   * Counts an attempt as failed. Call it before checking the password, in the same tick as retryAfter: a burst of
   * parallel attempts then cannot all pass the check while the password hashes run. Returns the attempt's time,
   * for recordSuccess.
   */
  recordFailure(email: string, address: string): number {
    const now = Date.now();
    for (const key of [`email:${email.toLowerCase()}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
    if (this.failures.size > 10_000) this.sweep(now);
    return now;
  }

  /** The attempt counted at `attemptedAt` succeeded: the account starts afresh and the address is not charged for it. */
  recordSuccess(email: string, address?: string, attemptedAt?: number): void {
    this.failures.delete(`email:${email.toLowerCase()}`);
    if (address === undefined || attemptedAt === undefined) return;
    const times = this.failures.get(`address:${address}`);
    const index = times?.indexOf(attemptedAt) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((time) => now - time < this.options.windowMs);
  }

  private sweep(now: number): void {
    for (const key of this.failures.keys()) {
      const times = this.recent(key, now);
      if (times.length === 0) this.failures.delete(key);
      else this.failures.set(key, times);
    }
  }
}
