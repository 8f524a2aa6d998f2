/**
 * ngrok's free plan serves from these base domains (the random URL and the free "dev domain",
 * e.g. abc123.ngrok-free.app or abc123.ngrok-free.dev). On the free plan ngrok puts a browser warning
 * page in front of every HTML request from a browser until the visitor clicks "Visit Site".
 * Paid plans use ngrok.app / ngrok.dev / ngrok.io or the user's own domain and show no warning.
 */
export const freePlanBaseDomains = ['ngrok-free.app', 'ngrok-free.dev', 'ngrok-free.pizza'] as const;

/** Accepts a host name or a URL. */
export function isFreePlanDomain(hostOrUrl: string): boolean {
  const host = hostOf(hostOrUrl);
  return freePlanBaseDomains.some((base) => host === base || host.endsWith(`.${base}`));
}

function hostOf(hostOrUrl: string): string {
  const text = hostOrUrl.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text) && URL.canParse(text)) return new URL(text).hostname;
  return text.replace(/[:/].*$/, '').replace(/\.$/, '');
}

/**
 * The domain to ask ngrok for: '' (or only spaces) means "a random one" → undefined.
 * Tolerates a pasted URL ("https://my-plugin.ngrok.app/") by keeping the host; returns null when what is
 * left is not a host name.
 */
export function normalizeDomain(input: string): string | undefined | null {
  const trimmed = input.trim();
  if (trimmed === '') return undefined;
  const host = hostOf(trimmed);
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = host.split('.');
  if (host.length > 253 || labels.length < 2 || !labels.every((part) => label.test(part))) return null;
  return host;
}
