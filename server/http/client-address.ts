import type { Request } from 'express';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Where a request came from. Behind the tunnel (a loopback peer) it is the last X-Forwarded-For entry, the one the
 * proxy appended; earlier entries are whatever the client chose to send. `known` is false when a loopback peer did
 * not say who its client is: every visitor then shares the proxy's address.
 */
export function clientOrigin(req: Request): { address: string; known: boolean } {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (!loopback.has(socket)) return { address: socket, known: true };
  const forwarded =
    String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .at(-1)
      ?.trim() ?? '';
  return forwarded ? { address: forwarded, known: true } : { address: socket, known: false };
}

const loopbackHostHeader = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/i;

/**
 * A process on this machine speaking to the listener directly: a loopback peer, addressed by a loopback Host, with no
 * proxy header (the tunnel always adds X-Forwarded-For, and keeps the public Host).
 */
export function isLocalCaller(req: Request): boolean {
  return (
    loopback.has(req.socket.remoteAddress ?? '') &&
    loopbackHostHeader.test(req.headers.host ?? '') &&
    req.headers['x-forwarded-for'] === undefined &&
    req.headers.forwarded === undefined &&
    req.headers['x-real-ip'] === undefined
  );
}

export function clientAddress(req: Request): string {
  return clientOrigin(req).address;
}
