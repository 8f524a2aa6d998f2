import type { Response } from 'express';
import type { FaultTarget } from '../faults/fault-queue';
import { OAuthError, type OAuthErrorCode } from '../oauth/oauth-error';
import { addNote } from '../traffic/annotations';
import type { PublicContext } from './public-context';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers with an injected failure (true) or waits out an injected delay and lets the request go on (false). */
export async function applyFault(context: PublicContext, target: FaultTarget, res: Response): Promise<boolean> {
  const fault = context.faults.take(target);
  if (!fault) return false;
  if (fault.kind === 'delay') {
    addNote(res, 'info', 'fault_injected', `Injected delay of ${fault.delayMs} ms (${fault.remaining} more to come).`);
    await delay(fault.delayMs ?? 0);
    return false;
  }
  addNote(res, 'info', 'fault_injected', `Injected failure: ${fault.error ?? `HTTP ${fault.status}`} (${fault.remaining} more to come).`);
  if (fault.error) {
    const error = new OAuthError(fault.error as OAuthErrorCode, 'injected by Handshake fault injection');
    res.status(fault.status ?? error.status).setHeader('Cache-Control', 'no-store');
    res.json(error.toResponseObject());
  } else {
    res
      .status(fault.status ?? 500)
      .json({ error: 'injected_fault', message: `HTTP ${fault.status} injected by Handshake fault injection` });
  }
  return true;
}
