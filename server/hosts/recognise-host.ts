import type { HostProfile, McpHostId } from './host-profile';
import { hostProfiles } from './host-profiles';

/** What a request or a client says about who is connecting. */
export interface HostSignals {
  clientId?: string | null;
  redirectUris?: readonly string[];
  clientName?: string | null;
  userAgent?: string | null;
  /** The Origin header of a browser-based client. */
  origin?: string | null;
}

/**
 * Which MCP host is connecting, from the strongest signal present: its metadata document URL, then a redirect URI
 * (exact, then a loopback one on any port), then the client_name it registered, then its User-Agent or page origin.
 */
export function recogniseHost(signals: HostSignals): McpHostId | undefined {
  const { clientId, redirectUris = [], clientName, userAgent, origin } = signals;
  if (clientId && /^https:/i.test(clientId)) {
    const host = hostProfiles.find((profile) => profile.cimdUrls.some((url) => url.test(clientId)));
    if (host) return host.id;
  }
  for (const uri of redirectUris) {
    const host = hostProfiles.find((profile) => profile.redirectUris.includes(uri) || profile.redirectPatterns.some((p) => p.test(uri)));
    if (host) return host.id;
  }
  for (const uri of redirectUris) {
    const host = hostProfiles.find((profile) => profile.redirectUris.some((known) => samePortlessLoopback(known, uri)));
    if (host) return host.id;
  }
  if (clientName) {
    const host = hostProfiles.find((profile) => profile.clientNames.test(clientName));
    if (host) return host.id;
  }
  if (origin) {
    const host = hostProfiles.find((profile) => profile.connect.browserOrigin === origin);
    if (host) return host.id;
  }
  if (userAgent) return hostProfiles.find((profile) => profile.userAgents?.test(userAgent))?.id;
  return undefined;
}

/** A port-less loopback URI a host uses stands for the same URI on any port. */
function samePortlessLoopback(known: string, uri: string): boolean {
  const a = URL.parse(known);
  const b = URL.parse(uri);
  if (!a || !b || a.port !== '' || a.protocol !== 'http:' || b.protocol !== 'http:') return false;
  return a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search && isLoopbackHost(a.hostname);
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function hostName(id: McpHostId): string {
  return (hostProfiles.find((profile) => profile.id === id) as HostProfile).name;
}
