import { configuredSecretMask as maskOf } from './client-secret-mask';
import type { TrafficEntry } from './traffic-entry';

/** The configured client secret put back into one text wherever the log masked it as that secret. */
export function revealInText(text: string, secret: string): string {
  return secret === '' ? text : text.split(maskOf(secret)).join(secret);
}

function revealDeep(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return revealInText(value, secret);
  if (Array.isArray(value)) return value.map((item) => revealDeep(item, secret));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, revealDeep(field, secret)]));
  return value;
}

/** Whether the entry shows the configured client secret masked: the only secret the session can vouch for and reveal. */
export function canRevealClientSecret(entry: TrafficEntry, secret: string): boolean {
  return secret !== '' && JSON.stringify(entry).includes(JSON.stringify(maskOf(secret)).slice(1, -1));
}

/**
 * The entry with the configured client secret where the log masked it. Codes, tokens, passwords and a wrong secret
 * stay masked: their values were never kept.
 */
export function revealClientSecret(entry: TrafficEntry, secret: string): TrafficEntry {
  return revealDeep(entry, secret) as TrafficEntry;
}
