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
}

export interface LoginRefusal {
  /** Seconds until this account may be tried again from this address. */
  retryAfter: number;
  /** Which limit was reached: too many failures for this account from this address, or from this address at all. */
  limit: 'account' | 'address';
}

/** The attempt's account and client address (see clientOrigin). */
export function loginAttempt(req: Request, email: string): LoginAttempt {
  const { address, known } = clientOrigin(req);
  return { email, address, addressKnown: known };
}

/**
 * Slows password guessing without handing the attacker a way to lock the victim out. Failures are counted per
 * (account, client address) and per client address, never per account alone: guessing one account from one address
 * gets `perAccount` checks per window, spraying many accounts from one address gets `perAddress`, and the account's
 * owner signing in from another address is not affected by either. When the client address is unknown the
 * address-wide limit is not applied (it would be everyone's), only the per-account one.
 */
export class LoginThrottle {
  /** Recent failure times per key, newest last, at most as many as the larger limit; bounded, oldest keys dropped first. */
  private readonly failures: ExpiringMap<string, number[]>;
  private readonly kept: number;

  constructor(
    private readonly options = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 20 },
    capacity = 50_000,
  ) {
    this.failures = new ExpiringMap(capacity);
    this.kept = Math.max(options.perAccount, options.perAddress);
  }

  /** Why this attempt is refused and for how long; null when it may go ahead. */
  refusal(attempt: LoginAttempt): LoginRefusal | null {
    const now = Date.now();
    const account = this.wait(accountKey(attempt), this.options.perAccount, now);
    const address = attempt.addressKnown ? this.wait(addressKey(attempt), this.options.perAddress, now) : 0;
    if (account === 0 && address === 0) return null;
    return address > account ? { retryAfter: address, limit: 'address' } : { retryAfter: account, limit: 'account' };
  }

  /**
   * Counts an attempt as failed. Call it before checking the password, in the same tick as refusal(): a burst of
   * parallel attempts then cannot all pass the check while the password hashes run. Returns the attempt's time,
   * for recordSuccess.
   */
  recordFailure(attempt: LoginAttempt): number {
    const now = Date.now();
    for (const key of this.keys(attempt)) this.failures.set(key, [...this.recent(key, now), now].slice(-this.kept), this.options.windowMs);
    return now;
  }

  /** The attempt counted at `attemptedAt` succeeded: it is not charged to the account or the address. */
  recordSuccess(attempt: LoginAttempt, attemptedAt: number): void {
    this.failures.delete(accountKey(attempt));
    const times = this.failures.get(addressKey(attempt));
    const index = times?.indexOf(attemptedAt) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
  }

  private keys(attempt: LoginAttempt): string[] {
    return attempt.addressKnown ? [accountKey(attempt), addressKey(attempt)] : [accountKey(attempt)];
  }

  private wait(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    return times.length >= limit ? Math.ceil((times[times.length - limit] + this.options.windowMs - now) / 1000) : 0;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((time) => now - time < this.options.windowMs);
  }
}

function accountKey(attempt: LoginAttempt): string {
  return `account:${attempt.email.toLowerCase()}\n${attempt.address}`;
}

function addressKey(attempt: LoginAttempt): string {
  return `address:${attempt.address}`;
}

/** "3 minutes", "45 seconds". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What the login page tells the person who was refused. */
export function throttledPageMessage(refusal: LoginRefusal): string {
  const why =
    refusal.limit === 'account'
      ? 'Too many failed attempts for this account from your network'
      : 'Too many failed attempts from your network';
  return `${why}. Try again in ${waitInWords(refusal.retryAfter)}.`;
}

/** The traffic log's note for a refused attempt. */
export function throttledNote(refusal: LoginRefusal, attempt: LoginAttempt): string {
  const who = refusal.limit === 'account' ? `"${attempt.email}" from ${attempt.address}` : `any account from ${attempt.address}`;
  return `Too many failed sign-ins for ${who}; refused for ${refusal.retryAfter} s without checking the password.${unknownAddressHint(attempt)}`;
}

/** Added to a failed sign-in's note when the throttle could not tell visitors apart. */
export function unknownAddressHint(attempt: LoginAttempt): string {
  if (attempt.addressKnown) return '';
  return ' The request came from a local proxy without X-Forwarded-For, so every visitor looks alike: only this account is throttled, not the address.';
}
