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

export function clientAddress(req: Request): string {
  return clientOrigin(req).address;
}
