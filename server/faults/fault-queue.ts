import type { FaultInput, FaultView } from '../control/control-api';

export type FaultTarget = FaultView['target'];

/** Injected failures for testing a plugin's error handling: the next N token or API answers fail or wait. */
export class FaultQueue {
  private faults: FaultView[] = [];
  private sequence = 0;

  add(input: Exclude<FaultInput, { kind: 'expire-access-tokens' }>): FaultView[] {
    this.faults.push({
      id: `flt_${++this.sequence}`,
      kind: input.kind,
      target: input.target,
      remaining: input.count,
      error: input.kind === 'fail' ? (input.error ?? (input.status ? null : 'server_error')) : null,
      status: input.kind === 'fail' ? (input.status ?? null) : null,
      delayMs: input.kind === 'delay' ? input.delayMs : null,
    });
    return this.list();
  }

  list(): FaultView[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): FaultView[] {
    this.faults = [];
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
