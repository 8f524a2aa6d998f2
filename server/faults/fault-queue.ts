import type { FaultInput, FaultView } from '../control/control-api';
import { AuthFaults } from './auth-faults';

export type FaultTarget = Exclude<FaultView['target'], 'jwks'>;

/**
 * Injected failures for testing a plugin's error handling: the next N token, refresh or API answers fail or wait; and
 * the authorization faults a resource server meets (`auth`: clock skew, JWKS outages, key rotations).
 */
export class FaultQueue {
  private faults: (FaultView & { target: FaultTarget; remaining: number })[] = [];
  private sequence = 0;
  readonly auth = new AuthFaults();

  add(input: Extract<FaultInput, { kind: 'fail' | 'delay' }>): FaultView[] {
    this.faults.push({
      id: `flt_${++this.sequence}`,
      kind: input.kind,
      target: input.target,
      remaining: input.count,
      error: input.kind === 'fail' ? (input.error ?? (input.status ? null : 'server_error')) : null,
      status: input.kind === 'fail' ? (input.status ?? null) : null,
      delayMs: input.kind === 'delay' ? input.delayMs : null,
      skewSeconds: null,
      until: null,
    });
    return this.list();
  }

  list(): FaultView[] {
    const views: FaultView[] = this.faults.map((fault) => ({ ...fault }));
    const skew = this.auth.clockSkew();
    if (skew) views.push({ ...timedView('flt_clock', 'clock-skew', 'token'), skewSeconds: skew.seconds });
    const outage = this.auth.jwksOutage();
    if (outage)
      views.push({
        ...timedView('flt_jwks', outage.mode === 'slow' ? 'jwks-slow' : 'jwks-unavailable', 'jwks'),
        delayMs: outage.delayMs,
        status: outage.mode === 'unavailable' ? 503 : null,
        until: outage.until,
      });
    return views;
  }

  clear(): FaultView[] {
    this.faults = [];
    this.auth.clear();
    return [];
  }

  /** Takes one use of the oldest fault for this target, if any. */
  take(target: FaultTarget): FaultView | null {
    const fault = this.faults.find((candidate) => candidate.target === target);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}

function timedView(id: string, kind: FaultView['kind'], target: FaultView['target']): FaultView {
  return { id, kind, target, remaining: null, error: null, status: null, delayMs: null, skewSeconds: null, until: null };
}
