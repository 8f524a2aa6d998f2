import { hostProfiles } from '../hosts/host-profiles';
import type { Settings } from '../settings/settings';
import type { ClientRegistry } from './clients/client-registry';
import type { OAuthClient } from './clients/oauth-client';
import { challengeProblem } from './pkce';
import { allowedRedirectPatterns, closestDifference } from './redirect-uri-allowlist';
import { resolveResources } from './resource-indicator';

/** An authorize request whose client and redirect URI are trusted and whose parameters are valid. */
export interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  /** As requested, or the default scope from Settings when the client sent none (ChatGPT omits it on reconnect). */
  scope: string;
  state: string | undefined;
  /** The S256 challenge, when one was sent. */
  codeChallenge: string | null;
  /** Canonical RFC 8707 resources, the tokens' audience. */
  resources: string[];
  /** What the login form carries to its POST, as strings. */
  carried: Record<string, string>;
  /** Parameters sent more than once and ignored. */
  repeated: string[];
  /** A known host's metadata document could not be fetched; Handshake's shipped copy stood in. */
  pinned?: { problem: string; copiedOn: string; hostName: string };
  /** OpenID Connect: echoed in the id_token. */
  nonce: string | null;
  /** OpenID Connect: a previous id_token of this user, sent on re-authorization (ChatGPT does). */
  idTokenHint: string | null;
}

/** A refusal and its note for the traffic log. */
interface Refusal {
  note: { code: string; message: string };
}

/** Before the redirect URI is trusted: an HTML page, never a redirect (OAuth 2.1 §4.1.2.1). */
export interface PageRefusal extends Refusal {
  on: 'page';
  title: string;
  problem: string;
  details?: [string, string][];
  hint?: string;
}

/** After: the error goes back to the client, with state and iss (RFC 9207). */
export interface RedirectRefusal extends Refusal {
  on: 'redirect';
  redirectUri: string;
  state: string | undefined;
  error: 'invalid_request' | 'unsupported_response_type' | 'invalid_target' | 'access_denied' | 'login_required';
  description: string;
}

export type AuthorizationCheck = { ok: true; request: AuthorizationRequest } | { ok: false; refusal: PageRefusal | RedirectRefusal };

/** Parameters carried through the login form; `resource` may repeat, and travels space-separated. */
export const carriedParameters = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'flow_id',
  'code_challenge',
  'code_challenge_method',
  'resource',
  'nonce',
] as const;

const invalidLink = 'This sign-in link is not valid';

function page(
  title: string,
  problem: string,
  code: string,
  extra: { details?: [string, string][]; hint?: string; message?: string } = {},
): AuthorizationCheck {
  return {
    ok: false,
    refusal: { on: 'page', title, problem, details: extra.details, hint: extra.hint, note: { code, message: extra.message ?? problem } },
  };
}

/**
 * Parses an authorize request (query of the GET, or the login form's fields) into an AuthorizationRequest, or the
 * refusal to give: a page while client or redirect URI are in doubt, a redirect with state and iss after.
 */
export async function parseAuthorizationRequest(
  source: unknown,
  registry: ClientRegistry,
  settings: Settings,
  issuer: string,
): Promise<AuthorizationCheck> {
  const { values, resources: requestedResources, repeated } = readParameters(source);
  const dangerous = repeated.filter((name) => name === 'client_id' || name === 'redirect_uri');
  if (dangerous.length) {
    return page(
      invalidLink,
      `${dangerous.join(' and ')} appear${dangerous.length === 1 ? 's' : ''} more than once in the link.`,
      'parameter_repeated',
    );
  }
  const clientId = values.client_id;
  if (!clientId)
    return page(
      invalidLink,
      'The link has no client_id. ChatGPT adds it from the Client ID you entered, or from its registration.',
      'client_id_missing',
    );

  const found = await registry.find(clientId);
  if (!found || 'problem' in found) {
    if (found?.cimd) {
      // The requester learns nothing about why: the reason (an address refused, a connection refused, a TLS error) would
      // let anyone who reaches the tunnel map the developer's network through this page. Traffic has it.
      return page('The application could not be identified', "The client's metadata document could not be used.", 'cimd_failed', {
        hint: "If you are the developer: Handshake's Traffic view says exactly why the document at this client_id URL was refused.",
        message: `The Client ID Metadata Document at ${clientId} was refused: ${found.problem}. Serve it at that https URL with status 200, its client_id equal to the URL, and your redirect URI in redirect_uris.`,
      });
    }
    return page('Unknown application', 'The application asking you to sign in is not registered here.', 'unknown_client', {
      details: [['client_id received', clientId]],
      hint: 'If you are the developer: the Client ID in ChatGPT must match one Handshake shows (Setup or Clients), or the client must register (DCR) or use a metadata document URL.',
      message: `The client_id "${clientId}" is not Handshake's client ID nor a registered client. Check the Client ID typed into ChatGPT.`,
    });
  }
  const { client } = found;

  let redirectUri = values.redirect_uri;
  if (!redirectUri) {
    // OAuth 2.1 §4.1.1: optional when exactly one is registered; the classic client has patterns, so always needs it.
    if (client.kind !== 'classic' && client.redirectUris.length === 1) redirectUri = client.redirectUris[0];
    else return page(invalidLink, 'The link has no redirect_uri, so there is nowhere to send you back to.', 'redirect_uri_missing');
  }
  if (!client.allowsRedirect(redirectUri)) return redirectRefused(client, redirectUri, settings);

  const state = values.state;
  const back = (error: RedirectRefusal['error'], description: string, code: string, message: string): AuthorizationCheck => ({
    ok: false,
    refusal: { on: 'redirect', redirectUri: redirectUri!, state, error, description, note: { code, message } },
  });

  if (values.response_type !== 'code') {
    return values.response_type
      ? back(
          'unsupported_response_type',
          'only response_type=code is supported',
          'unsupported_response_type',
          `response_type "${values.response_type}" is not supported; ChatGPT sends response_type=code.`,
        )
      : back(
          'invalid_request',
          'response_type is required',
          'invalid_request',
          'The authorize request has no response_type (ChatGPT sends response_type=code).',
        );
  }
  const challenge = values.code_challenge;
  const pkceProblem = challengeProblem(challenge, values.code_challenge_method);
  if (pkceProblem) {
    const code =
      values.code_challenge_method && values.code_challenge_method !== 'S256' ? 'pkce_method_unsupported' : 'pkce_challenge_invalid';
    return back(
      'invalid_request',
      pkceProblem,
      code,
      `PKCE refused: ${pkceProblem}. MCP clients (ChatGPT, Codex, the MCP SDK) always use S256.`,
    );
  }
  if (!challenge && client.requiresPkce) {
    return back(
      'invalid_request',
      'code_challenge is required (PKCE S256)',
      'pkce_challenge_missing',
      `Client "${client.name}" sent no code_challenge. OAuth 2.1 requires PKCE for public clients and Handshake requires it for every client but the classic plugin client.`,
    );
  }
  const resolved = resolveResources(requestedResources, issuer);
  if ('refused' in resolved) {
    return back(
      'invalid_target',
      `resource ${resolved.refused} is not served here`,
      'resource_unknown',
      `The resource "${resolved.refused}" is not one Handshake issues tokens for: ${resolved.why}. MCP clients send the protected-resource metadata's "resource" exactly.`,
    );
  }

  const prompts = (values.prompt ?? '').split(' ').filter(Boolean);
  if (prompts.includes('none')) {
    return back(
      'login_required',
      'the user must sign in: Handshake keeps no sign-in session',
      'prompt_none',
      'The client asked for prompt=none (sign in silently). Handshake keeps no browser session between sign-ins, so it answers login_required, as a provider does for a user who is not signed in; the client should then send the user through the sign-in page.',
    );
  }
  const carried: Record<string, string> = {};
  for (const name of carriedParameters) if (values[name] !== undefined) carried[name] = values[name];
  carried.redirect_uri = redirectUri;
  if (requestedResources.length) carried.resource = requestedResources.join(' ');
  return {
    ok: true,
    request: {
      client,
      redirectUri,
      scope: values.scope || settings.scope,
      state,
      codeChallenge: challenge ?? null,
      resources: resolved.resources,
      carried,
      repeated: repeated.filter((name) => name !== 'resource'),
      ...('pinned' in found && found.pinned ? { pinned: found.pinned } : {}),
      nonce: values.nonce || null,
      idTokenHint: values.id_token_hint || null,
    },
  };
}

/** Whose redirect URI a refused one is, from the host profiles: a per-connection one changes when the connection is recreated. */
function hostRedirectHint(redirectUri: string): string {
  const perConnection = hostProfiles.find((host) => host.redirectPatterns.some((pattern) => pattern.test(redirectUri)));
  if (perConnection)
    return ` ${perConnection.name} gives a new callback id when a connection is recreated: add the new one to the client’s redirect URIs.`;
  const known = hostProfiles.find((host) => host.redirectUris.includes(redirectUri));
  return known ? ` It is ${known.name}’s redirect URI.` : '';
}

function redirectRefused(client: OAuthClient, redirectUri: string, settings: Settings): AuthorizationCheck {
  const allowed = client.kind === 'classic' ? allowedRedirectPatterns(settings) : client.redirectUris;
  const difference = closestDifference(redirectUri, allowed);
  const connectorHint = hostRedirectHint(redirectUri);
  const where =
    client.kind === 'classic'
      ? 'Settings → Redirect URIs'
      : client.kind === 'cimd'
        ? 'the redirect_uris of its metadata document'
        : 'the client’s redirect URIs (Clients)';
  return page(
    'Redirect address not allowed',
    'This application asked to send you back to an address that is not on the allowlist, so the sign-in stops here.',
    'redirect_uri_not_allowed',
    {
      details: [
        ['redirect_uri received', redirectUri],
        ...allowed.map((p, i): [string, string] => [i === 0 ? 'allowed' : '', p]),
        ...(difference ? [['difference', difference] as [string, string]] : []),
      ],
      hint: `If you are the developer: add the exact URI to ${where}, or check for a trailing slash or the host.${connectorHint}`,
      message: `redirect_uri ${redirectUri} is not allowed for client "${client.name}".${difference ? ` Closest: ${difference}.` : ''} Allowed: ${allowed.join(', ') || '(none)'}.${connectorHint}`,
    },
  );
}

/** Single values by name; `resource` may repeat (RFC 8707) and may carry several space-separated; other repeats are reported. */
function readParameters(source: unknown): { values: Record<string, string>; resources: string[]; repeated: string[] } {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  const resources: string[] = [];
  if (typeof source !== 'object' || source === null) return { values, resources, repeated };
  for (const [name, value] of Object.entries(source)) {
    if (name === 'resource') {
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === 'string') resources.push(...item.split(' ').filter(Boolean));
      if (Array.isArray(value)) repeated.push(name);
    } else if (typeof value === 'string') values[name] = value;
    else repeated.push(name);
  }
  return { values, resources, repeated };
}

/** redirect_uri?key=value&…, keeping any query the redirect_uri already has. */
export function redirectTo(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const query = Object.entries(parameters)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}
