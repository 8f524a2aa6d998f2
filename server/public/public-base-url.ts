import type { Request } from 'express';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const safeHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(',')[0]?.trim() || undefined;
}

/**
 * The origin ChatGPT reached us at: a tunnel URL or configured publicUrl wins; else what a loopback
 * proxy (ngrok) reports in X-Forwarded-Proto/Host; else Host. Anything that isn't a plain host is
 * ignored, so a forged header cannot inject into the manifest.
 */
export function publicBaseUrl(req: Request, configured: string | null, fallback: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  const fromProxy = loopback.has(req.socket.remoteAddress ?? '');
  const forwardedHost = fromProxy ? firstHeader(req.headers['x-forwarded-host']) : undefined;
  const forwardedProto = fromProxy ? firstHeader(req.headers['x-forwarded-proto']) : undefined;
  const host = forwardedHost ?? req.headers.host;
  if (!host || !safeHost.test(host)) return fallback;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  return `${proto}://${host}`;
}
