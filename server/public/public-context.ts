import type { Request } from 'express';
import type { FaultQueue } from '../faults/fault-queue';
import type { Store } from '../store/store';

/** What the public listener's routes share. */
export interface PublicContext {
  store: Store;
  faults: FaultQueue;
  /** The public origin for this request (tunnel, configured URL, forwarded headers or Host). */
  baseUrl(req: Request): string;
  /** Per-process key for CSRF tokens on the login form. */
  formKey: Buffer;
}
