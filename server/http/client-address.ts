import type { Request } from 'express';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The address a request came from. Behind the tunnel (a loopback peer) it is the last X-Forwarded-For entry, the one
 * the proxy appended; earlier entries are whatever the client chose to send.
 */
export function clientAddress(req: Request): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  const forwarded = loopback.has(socket)
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .at(-1)!
        .trim()
    : '';
  return forwarded || socket;
}
