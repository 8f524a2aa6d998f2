import type { Response } from 'express';
import { addNote } from '../traffic/annotations';

export interface ClockSkewView {
  seconds: number;
  since: string;
}

export interface JwksOutageView {
  mode: 'unavailable' | 'slow';
  until: string;
  /** slow: how long each JWKS answer waits. */
  delayMs: number | null;
}

/** Where a rotation is still to be announced in Traffic: the next JWKS answer and the next token answer. */
type Announcement = 'jwks' | 'token';

/**
 * The authorization faults a resource server meets in production, injected on demand: tokens minted by a clock N
 * seconds off, a JWKS that answers 503 or slowly for a while, and a key rotation announced on the requests it
 * changes. Each affected request carries a `fault_injected` note, so Traffic shows it was Handshake's doing.
 */
export class AuthFaults {
  private skew: ClockSkewView | null = null;
  private outage: { mode: JwksOutageView['mode']; until: number; delayMs: number | null } | null = null;
  private rotation: { message: string; pending: Set<Announcement> } | null = null;

  setClockSkew(seconds: number, now = Date.now()): void {
    this.skew = seconds === 0 ? null : { seconds, since: new Date(now).toISOString() };
  }

  clockSkew(): ClockSkewView | null {
    return this.skew && { ...this.skew };
  }

  /** The time a token minted now says it was minted (ms), noted on the request when it is skewed. */
  mintingTime(res: Response, now = Date.now()): number {
    if (!this.skew) return now;
    const { seconds } = this.skew;
    addNote(
      res,
      'info',
      'fault_injected',
      `Injected clock skew: the tokens in this answer were minted ${Math.abs(seconds)} s ${seconds > 0 ? 'ahead' : 'behind'} (iat, nbf and exp shifted by ${seconds > 0 ? '+' : ''}${seconds} s).`,
    );
    return now + seconds * 1000;
  }

  startJwksOutage(mode: JwksOutageView['mode'], seconds: number, delayMs: number | null, now = Date.now()): void {
    this.outage = { mode, until: now + seconds * 1000, delayMs: mode === 'slow' ? delayMs : null };
  }

  jwksOutage(now = Date.now()): JwksOutageView | null {
    if (this.outage && this.outage.until <= now) this.outage = null;
    return this.outage && { mode: this.outage.mode, until: new Date(this.outage.until).toISOString(), delayMs: this.outage.delayMs };
  }

  /** A rotation happened by fault injection: say so on the next JWKS answer and the next token answer. */
  rotated(oldKid: string, newKid: string, retiredNow: boolean): void {
    const message = retiredNow
      ? `Injected key rotation: ${newKid} signs from now on and the old key ${oldKid} was retired at once — it is gone from the JWKS, so tokens it signed fail at verifiers ("kid not found").`
      : `Injected key rotation: ${newKid} signs from now on; the old key ${oldKid} stays in the JWKS until the tokens it signed expire. A verifier that cached the JWKS must refetch on the new kid.`;
    this.rotation = { message, pending: new Set(['jwks', 'token']) };
  }

  /** Notes the pending rotation on this answer, once per place. */
  announceRotation(res: Response, where: Announcement): void {
    if (!this.rotation?.pending.delete(where)) return;
    addNote(res, 'info', 'fault_injected', this.rotation.message);
    if (this.rotation.pending.size === 0) this.rotation = null;
  }

  clear(): void {
    this.skew = null;
    this.outage = null;
  }
}
