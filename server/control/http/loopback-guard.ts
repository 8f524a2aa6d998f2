import type { RequestHandler } from 'express';
import { hostHeaderCount, repeatedHostMessage } from '../../http/host-headers';
import { refuse } from './control-error-response';

/**
 * DNS-rebinding and CSRF defence for the loopback control listener.
 * - Exactly one Host: with two, Node keeps the first, and a proxy in front might have judged the request by the other.
 * - Host must name loopback with our port: a page on evil.example whose name was rebound to 127.0.0.1 still sends
 *   `Host: evil.example:<port>`.
 * - Origin, when a browser sends one, must be our own: any other page's fetch or form post is refused.
 * Scripts (curl) send no Origin and pass.
 */
export function loopbackGuard(port: number): RequestHandler {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return (req, res, next) => {
    if (hostHeaderCount(req.rawHeaders) > 1) {
      refuse(res, 'invalid_input', repeatedHostMessage);
      return;
    }
    const host = req.headers.host?.toLowerCase();
    if (!host || !allowedHosts.has(host)) {
      refuse(res, 'forbidden', `Refused: the Host header must be 127.0.0.1:${port} or localhost:${port}.`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      refuse(res, 'forbidden', 'Refused: requests from other web pages are not allowed.');
      return;
    }
    next();
  };
}
