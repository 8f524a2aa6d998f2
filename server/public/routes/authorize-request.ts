import { constantTimeEqual } from '../../crypto/random-token';
import { allowedRedirectPatterns, closestDifference, isRedirectUriAllowed } from '../../oauth/redirect-uri-allowlist';
import type { Settings } from '../../settings/settings';
import type { ErrorPageDetails } from '../views/error-page';

/** The parameters of an authorize request that travel through the login form. */
export const carriedParameters = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'flow_id'] as const;

export type AuthorizeCheck =
  | { ok: true }
  /** Client or redirect_uri invalid: an error page, never a redirect (RFC 6749 §4.1.2.1). */
  | { ok: false; page: ErrorPageDetails; note: { code: string; message: string } };

export function checkClientAndRedirect(parameters: Record<string, string>, repeated: string[], clientId: string, settings: Settings): AuthorizeCheck {
  const dangerous = repeated.filter((name) => name === 'client_id' || name === 'redirect_uri');
  if (dangerous.length) {
    const message = `${dangerous.join(' and ')} appear${dangerous.length === 1 ? 's' : ''} more than once in the link.`;
    return { ok: false, page: { title: 'This sign-in link is not valid', problem: message }, note: { code: 'parameter_repeated', message } };
  }
  if (!parameters.client_id) {
    const message = 'The link has no client_id. ChatGPT adds it from the Client ID you entered.';
    return { ok: false, page: { title: 'This sign-in link is not valid', problem: message }, note: { code: 'client_id_missing', message } };
  }
  if (!constantTimeEqual(parameters.client_id, clientId)) {
    const message = `The client_id "${parameters.client_id}" is not Handshake's client ID. Check the Client ID typed into ChatGPT.`;
    return {
      ok: false,
      page: { title: 'Unknown application', problem: 'The application asking you to sign in is not registered here.', details: [['client_id received', parameters.client_id]], hint: 'If you are the developer: the Client ID in ChatGPT must match the one Handshake shows.' },
      note: { code: 'unknown_client', message },
    };
  }
  const redirectUri = parameters.redirect_uri;
  if (!redirectUri) {
    const message = 'The link has no redirect_uri, so there is nowhere to send you back to.';
    return { ok: false, page: { title: 'This sign-in link is not valid', problem: message }, note: { code: 'redirect_uri_missing', message } };
  }
  if (!isRedirectUriAllowed(redirectUri, settings)) {
    const patterns = allowedRedirectPatterns(settings);
    const difference = closestDifference(redirectUri, settings);
    const message = `redirect_uri ${redirectUri} is not allowed.${difference ? ` Closest: ${difference}.` : ''} Allowed: ${patterns.join(', ') || '(none)'}`;
    return {
      ok: false,
      page: {
        title: 'Redirect address not allowed',
        problem: 'This application asked to send you back to an address that is not on the allowlist, so the sign-in stops here.',
        details: [['redirect_uri received', redirectUri], ...patterns.map((p, i): [string, string] => [i === 0 ? 'allowed' : '', p]), ...(difference ? [['difference', difference] as [string, string]] : [])],
        hint: 'If you are the developer: add the exact URI under Settings → Redirect URIs, or check for a trailing slash or the chat.openai.com / chatgpt.com host.',
      },
      note: { code: 'redirect_uri_not_allowed', message },
    };
  }
  return { ok: true };
}

/** redirect_uri?key=value&…, keeping any query the redirect_uri already has. */
export function redirectTo(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const query = Object.entries(parameters)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}
