import type { Settings } from '../settings/settings';
import { redirectUriMatches } from './clients/redirect-uri-match';

/** ChatGPT's plugin and GPT callbacks: /aip/plugin-<uuid>/oauth/callback, /aip/g-<hex>/oauth/callback. */
const chatGptCallback = /^https:\/\/(chat\.openai\.com|chatgpt\.com)\/aip\/[A-Za-z0-9_-]+\/oauth\/callback$/;

export const chatGptCallbackPatterns = ['https://chat.openai.com/aip/*/oauth/callback', 'https://chatgpt.com/aip/*/oauth/callback'];

export function allowedRedirectPatterns(settings: Settings): string[] {
  return [...(settings.allowChatGptCallbacks ? chatGptCallbackPatterns : []), ...settings.redirectUris];
}

/** The classic client's redirect rule: ChatGPT's plugin and GPT callbacks, and the exact URIs from Settings (loopback on any port). */
export function isClassicRedirectAllowed(uri: string, settings: Settings): boolean {
  if (settings.redirectUris.some((registered) => redirectUriMatches(registered, uri))) return true;
  return settings.allowChatGptCallbacks && chatGptCallback.test(uri);
}

/** Where a refused redirect_uri first departs from the closest allowed pattern, for the error page. */
export function closestDifference(uri: string, candidates: string[]): string | null {
  let best: { pattern: string; at: number } | null = null;
  for (const pattern of candidates) {
    const prefix = pattern.split('*')[0];
    let at = 0;
    while (at < prefix.length && at < uri.length && prefix[at] === uri[at]) at++;
    if (!best || at > best.at) best = { pattern, at };
  }
  if (!best) return null;
  if (best.pattern.includes('*') && uri.startsWith(best.pattern.split('*')[0])) {
    const suffix = best.pattern.split('*')[1];
    return uri.endsWith(suffix)
      ? `the id between /aip/ and ${suffix} has characters other than letters, digits, - and _`
      : `it should end with "${suffix}" exactly (no trailing slash, no query)`;
  }
  return `it differs from ${best.pattern} at character ${best.at + 1}: "${uri.slice(best.at, best.at + 20)}" where "${best.pattern.slice(best.at, best.at + 20)}" was expected`;
}
