import type { Response } from 'express';
import type { ControlErrorBody } from '../control-api';
import { ControlError } from '../control-error';

/** Answers with the control API's error JSON; the message must be safe to show. */
export function sendControlError(res: Response, error: ControlError): void {
  res.status(error.status).json(error.toBody() satisfies ControlErrorBody);
}

export function refuse(res: Response, code: ConstructorParameters<typeof ControlError>[0], message: string): void {
  sendControlError(res, new ControlError(code, message));
}
