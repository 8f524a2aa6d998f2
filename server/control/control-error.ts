import type { ZodError } from 'zod';
import type { ControlErrorBody } from './control-api';

type Code = ControlErrorBody['error']['code'];

const statusByCode: Record<Code, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  failed: 500,
};

/** A refused control call. Both adapters render it the same way; the message is safe to show. */
export class ControlError extends Error {
  readonly status: number;
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = statusByCode[code];
  }

  static fromZod(error: ZodError): ControlError {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || undefined;
    const message = field ? `${field}: ${issue.message}` : (issue?.message ?? 'invalid input');
    return new ControlError('invalid_input', message, field);
  }

  toBody(): ControlErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}
