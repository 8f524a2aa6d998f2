import type { ControlErrorBody } from '../../server/control/control-api';

type Code = ControlErrorBody['error']['code'] | 'network';

/** A control call that failed, as the UI shows it: a safe message, and the field to point at when there is one. */
export class ControlCallError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ControlCallError';
  }
}

/** Anything thrown by a bridge (IPC errors arrive as plain objects or Errors) as a ControlCallError. */
export function asControlCallError(error: unknown): ControlCallError {
  if (error instanceof ControlCallError) return error;
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; field?: unknown; status?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : 'The request failed.';
    const code = typeof e.code === 'string' ? (e.code as Code) : 'failed';
    return new ControlCallError(
      code,
      message,
      typeof e.field === 'string' ? e.field : undefined,
      typeof e.status === 'number' ? e.status : undefined,
    );
  }
  return new ControlCallError('failed', String(error));
}
