import type { Request } from 'express';
import { ExpiringMap } from '../collections/expiring-map';
import { clientOrigin } from '../http/client-address';

/** One sign-in attempt as the throttle sees it: the account and where the attempt came from. */
export interface LoginAttempt {
  email: string;
  address: string;
  /**
   * False when the peer is a loopback proxy that did not say who its client is (no X-Forwarded-For): every visitor
   * then shares one address, so an address-wide limit would block everyone.
   */
  addressKnown: boolean;
  /** The browser carries this account's device cookie (it signed in before): the account-wide slow-down spares it. */
  trustedDevice?: boolean;
}

export interface LoginRefusal {
  /** Seconds until this account may be tried again from this address. */
  retryAfter: number;
  /**
   * Which limit was reached: too many failures for this account from this address ('account'), from this address at
   * all ('address'), or for this account from everywhere ('account-wide': its checks are spaced out).
   */
  limit: 'account' | 'address' | 'account-wide';
  /** For 'account-wide': failures for the account in the last hour, and the spacing of its checks now (seconds). */
  failures?: number;
  spacing?: number;
}

export interface LoginThrottleOptions {
  /** Window of the per-(account, address) and per-address limits. */
  windowMs: number;
  perAccount: number;
  perAddress: number;
  /** Window over which an account's failures from all addresses are counted. */
  accountWideWindowMs: number;
  /** Failures from all addresses an account may have in that window before its checks are spaced out. */
  accountWideFree: number;
  /** The longest spacing between two checks of one account; 36 s is 100 checks an hour. */
  maxSpacingMs: number;
  /** The clock (tests pass their own). */
  now: () => number;
}

export const defaultLoginThrottleOptions: LoginThrottleOptions = {
  windowMs: 15 * 60 * 1000,
  perAccount: 5,
  perAddress: 20,
  accountWideWindowMs: 60 * 60 * 1000,
  accountWideFree: 10,
  maxSpacingMs: 36_000,
  now: () => Date.now(),
};

/** The attempt's account and client address (see clientOrigin). */
export function loginAttempt(req: Request, email: string, trustedDevice = false): LoginAttempt {
  const { address, known } = clientOrigin(req);
  return { email, address, addressKnown: known, trustedDevice };
}

/**
 * Slows password guessing without handing the attacker a way to lock the owner out.
 *
 * - Per (account, client address) and per client address: `perAccount` and `perAddress` failures per window, then
 *   refused until the window has passed. The owner signing in from elsewhere is not affected by either.
 * - Per account across all addresses (guessing spread over many addresses, one guess each): past `accountWideFree`
 *   failures in the last hour the account's password is checked at most once per spacing, which doubles with each
 *   further failure (1 s, 2 s, 4 s … up to `maxSpacingMs`, i.e. about 100 checks an hour). An attempt that comes
 *   before the account's next check is due is refused, unchecked, with the wait. It is a delay, never a lock: the
 *   right password gets in at the next due check from any address, and at once from a browser that signed into the
 *   account before (its device cookie), which this limit does not apply to.
 *
 * When the client address is unknown the address-wide limit is not applied (it would be everyone's).
 */
export class LoginThrottle {
  /**
   * Failure times per key (see the key functions below), oldest first. Keys come from strangers (addresses, typed
   * emails), so both maps are bounded with constant work per attempt: an entry lives as long as its window, and when
   * full the one set longest ago goes first.
   */
  private readonly failures: ExpiringMap<string, number[]>;
  /** When each account's password was last checked by an attempt the account-wide limit applies to. */
  private readonly lastChecked: ExpiringMap<string, number>;
  private readonly options: LoginThrottleOptions;

  constructor(options: Partial<LoginThrottleOptions> = {}, capacity = 100_000) {
    this.options = { ...defaultLoginThrottleOptions, ...options };
    this.failures = new ExpiringMap(capacity, this.options.now);
    this.lastChecked = new ExpiringMap(capacity, this.options.now);
  }

  /** Why this attempt is refused and for how long; null when it may go ahead. */
  refusal(attempt: LoginAttempt): LoginRefusal | null {
    const now = this.options.now();
    const { windowMs, perAccount, perAddress } = this.options;
    const refusals: LoginRefusal[] = [];
    const account = this.wait(accountKey(attempt), perAccount, windowMs, now);
    if (account > 0) refusals.push({ retryAfter: account, limit: 'account' });
    const address = attempt.addressKnown ? this.wait(addressKey(attempt), perAddress, windowMs, now) : 0;
    if (address > 0) refusals.push({ retryAfter: address, limit: 'address' });
    if (!attempt.trustedDevice) {
      const { failures, spacingMs } = this.accountWide(attempt, now);
      const due = (this.lastChecked.get(wideKey(attempt)) ?? Number.NEGATIVE_INFINITY) + spacingMs;
      if (due > now) {
        refusals.push({ retryAfter: Math.ceil((due - now) / 1000), limit: 'account-wide', failures, spacing: spacingMs / 1000 });
      }
    }
    if (refusals.length === 0) return null;
    return refusals.reduce((longest, refusal) => (refusal.retryAfter > longest.retryAfter ? refusal : longest));
  }

  /**
   * Counts an attempt as failed. Call it before checking the password, in the same tick as refusal(): a burst of
   * parallel attempts then cannot all pass the check while the password hashes run. Returns the attempt's time,
   * for recordSuccess.
   */
  recordFailure(attempt: LoginAttempt): number {
    const now = this.options.now();
    for (const key of this.keys(attempt)) this.failures.set(key, [...this.recent(key, now), now], this.windowOf(key));
    if (!attempt.trustedDevice) this.lastChecked.set(wideKey(attempt), now, this.options.maxSpacingMs);
    return now;
  }

  /** The attempt counted at `attemptedAt` succeeded: it is not charged to the account or the address. */
  recordSuccess(attempt: LoginAttempt, attemptedAt: number): void {
    this.failures.delete(accountKey(attempt));
    for (const key of [addressKey(attempt), wideKey(attempt)]) {
      const times = this.failures.get(key);
      const index = times?.indexOf(attemptedAt) ?? -1;
      if (times && index >= 0) times.splice(index, 1);
    }
  }

  /** The account's failures from everywhere in the last hour, and the spacing they put between its checks. */
  private accountWide(attempt: LoginAttempt, now: number): { failures: number; spacingMs: number } {
    const failures = this.recent(wideKey(attempt), now).length;
    const over = failures - this.options.accountWideFree;
    const spacingMs = over < 0 ? 0 : Math.min(this.options.maxSpacingMs, 1000 * 2 ** Math.min(over, 30));
    return { failures, spacingMs };
  }

  private keys(attempt: LoginAttempt): string[] {
    const keys = [accountKey(attempt), wideKey(attempt)];
    if (attempt.addressKnown) keys.push(addressKey(attempt));
    return keys;
  }

  private wait(key: string, limit: number, windowMs: number, now: number): number {
    const times = this.recent(key, now);
    return times.length >= limit ? Math.ceil((times[times.length - limit] + windowMs - now) / 1000) : 0;
  }

  private windowOf(key: string): number {
    return key.startsWith('wide:') ? this.options.accountWideWindowMs : this.options.windowMs;
  }

  private recent(key: string, now: number): number[] {
    const windowMs = this.windowOf(key);
    return (this.failures.get(key) ?? []).filter((time) => now - time < windowMs);
  }
}

function accountKey(attempt: LoginAttempt): string {
  return `account:${attempt.email.toLowerCase()}\n${attempt.address}`;
}

function addressKey(attempt: LoginAttempt): string {
  return `address:${attempt.address}`;
}

function wideKey(attempt: LoginAttempt): string {
  return `wide:${attempt.email.toLowerCase()}`;
}

/** "3 minutes", "45 seconds". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What the login page tells the person who was refused. */
export function throttledPageMessage(refusal: LoginRefusal): string {
  if (refusal.limit === 'account-wide') {
    return `This account has had many failed sign-ins from many places, so Handshake checks its password only every ${waitInWords(refusal.spacing ?? refusal.retryAfter)} for now. Try again in ${waitInWords(refusal.retryAfter)}: the right password will get in. A browser that has signed into this account before is not slowed down.`;
  }
  const why =
    refusal.limit === 'account'
      ? 'Too many failed attempts for this account from your network'
      : 'Too many failed attempts from your network';
  return `${why}. Try again in ${waitInWords(refusal.retryAfter)}.`;
}

/** The traffic log's note for a refused attempt. */
export function throttledNote(refusal: LoginRefusal, attempt: LoginAttempt): string {
  if (refusal.limit === 'account-wide') {
    return `"${attempt.email}" had ${refusal.failures} failed sign-ins from all addresses in the last hour (guessing spread over many addresses?), so its password is checked at most once every ${refusal.spacing} s; this attempt from ${attempt.address} came ${refusal.retryAfter} s early and was refused without checking the password. A browser that signed into the account before is not slowed down.${unknownAddressHint(attempt)}`;
  }
  const who = refusal.limit === 'account' ? `"${attempt.email}" from ${attempt.address}` : `any account from ${attempt.address}`;
  return `Too many failed sign-ins for ${who}; refused for ${refusal.retryAfter} s without checking the password.${unknownAddressHint(attempt)}`;
}

/** Added to a failed sign-in's note when the throttle could not tell visitors apart. */
export function unknownAddressHint(attempt: LoginAttempt): string {
  if (attempt.addressKnown) return '';
  return ' The request came from a local proxy without X-Forwarded-For, so every visitor looks alike: only this account is throttled, not the address.';
}
