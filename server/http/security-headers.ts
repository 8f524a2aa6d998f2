import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type HeaderChange = readonly [name: string, value: string | null];

/**
 * helmet's headers, worked out once. With static options (no per-request nonce or function directive) helmet sets
 * the same headers on every response, but it gets there through a dozen chained middlewares per request — a
 * measurable share of a token refresh. helmet still decides every header: it runs once here against a recording
 * response, and each request replays what it did.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  if (hasFunction(options))
    throw new Error('securityHeaders only replays static headers: a function in the options would vary per request');
  const changes: HeaderChange[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a non-string; securityHeaders only replays static headers`);
      changes.push([name, value]);
    },
    removeHeader: (name: string) => changes.push([name, null]),
  };
  let finished = false;
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously; securityHeaders only replays static headers');
  return (_req, res, next) => {
    for (const [name, value] of changes) {
      if (value === null) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}

function hasFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasFunction);
}
