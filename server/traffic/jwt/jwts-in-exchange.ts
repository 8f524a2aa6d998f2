import { canonicalResource, mcpPath, protectedResources } from '../../oauth/resource-indicator';
import { tokenShapes } from '../../oauth/tokens/providers';
import type { Settings } from '../../settings/settings';
import type { JwtRole } from '../traffic-entry';
import { bodyFields, single, type WireExchange } from '../wire-exchange';
import type { JwtExpectations } from './claim-verdicts';
import { looksLikeJwt } from './jwt-decoding';

/** A JWT found in an exchange, the raw token (never stored) and what it is judged against. */
export interface FoundJwt {
  token: string;
  where: string;
  expected: JwtExpectations;
}

/** Who the exchange is about, as the recorder knows it. */
export interface ExchangeParties {
  /** This Handshake's issuer for the request (its public base URL); null when unknown. */
  issuer: string | null;
  /** The client the request's credentials or client_id name. */
  clientId: string | undefined;
  /** Epoch ms the request arrived. */
  now: number;
}

const bearer = /^Bearer\s+(\S+)\s*$/i;

/**
 * Where JWTs travel in OAuth and MCP exchanges: the Authorization header (access tokens), a token response
 * (access_token, id_token), a client's `client_assertion` (RFC 7523), an `id_token_hint`, and the `token` of an
 * introspection or revocation. Only strings shaped like a JWT are taken.
 */
export function jwtsInExchange(exchange: WireExchange, parties: ExchangeParties): FoundJwt[] {
  const found: FoundJwt[] = [];
  const { issuer, now } = parties;
  const expect = (role: JwtRole, audience: JwtExpectations['audience'], iss = ourIssuer(issuer)): JwtExpectations => ({
    role,
    issuer: iss,
    audience,
    now,
  });
  // Access tokens minted "like" a provider carry that provider's iss and aud (Settings): judged as its verifier would.
  const shape = accessTokenShape(exchange.settings);
  const expectAccess = (audience: JwtExpectations['audience']): JwtExpectations => {
    if (!shape || !issuer) return expect('access_token', audience);
    const verifier = shape.verifier(issuer, audience?.values[0] ?? `${issuer}${mcpPath}`, parties.clientId ?? '');
    const meaning = `what a ${shape.label} verifier expects (Settings → Mint tokens like)`;
    return expect('access_token', verifier.audience === null ? null : { values: [verifier.audience], meaning }, {
      value: verifier.issuer,
      meaning,
    });
  };
  const add = (token: unknown, where: string, expected: () => JwtExpectations) => {
    if (looksLikeJwt(token)) found.push({ token, where, expected: expected() });
  };

  const authorization = single(exchange.requestHeaders.authorization);
  if (authorization?.includes('eyJ')) {
    const token = bearer.exec(authorization)?.[1];
    add(token, 'Authorization header', () => expectAccess(resourceAudience(exchange, issuer)));
  }

  const request = { ...exchange.query, ...bodyFields(exchange.requestBody) };
  const clientId = parties.clientId;
  add(single(request.client_assertion), 'client_assertion in the request', () =>
    expect(
      'client_assertion',
      issuer ? { values: [issuer, `${issuer}${exchange.path}`], meaning: 'this authorization server (issuer or token endpoint)' } : null,
      clientId ? { value: clientId, meaning: 'the client_id (RFC 7523: iss = sub = client_id)' } : null,
    ),
  );
  add(single(request.id_token_hint), 'id_token_hint in the request', () =>
    expect('id_token_hint', clientId ? { values: [clientId], meaning: 'the client (its client_id)' } : null),
  );
  add(single(request.token), 'token in the request', () => expectAccess(anyResource(issuer)));

  const response = bodyFields(exchange.responseBody);
  if (response) {
    add(response.access_token, 'access_token in the response', () => expectAccess(requestedAudience(request.resource, issuer)));
    add(response.id_token, 'id_token in the response', () =>
      expect('id_token', clientId ? { values: [clientId], meaning: 'the client (its client_id)' } : null),
    );
  }
  return found;
}

/** The provider shape JWT access tokens are minted in, or null for Handshake's own (RFC 9068). */
function accessTokenShape(settings: Settings) {
  if (settings.accessTokenFormat !== 'jwt' || settings.tokenShape === 'handshake') return null;
  return tokenShapes[settings.tokenShape];
}

function ourIssuer(issuer: string | null): JwtExpectations['issuer'] {
  return issuer ? { value: issuer, meaning: 'this Handshake’s issuer' } : null;
}

function anyResource(issuer: string | null): JwtExpectations['audience'] {
  return issuer ? { values: protectedResources(issuer), meaning: 'a resource Handshake protects' } : null;
}

/** The resource a request with a bearer token was for: the MCP server, the plugin's API, or any of Handshake's. */
function resourceAudience(exchange: WireExchange, issuer: string | null): JwtExpectations['audience'] {
  if (!issuer) return null;
  if (exchange.kind === 'mcp') return { values: [`${issuer}${mcpPath}`], meaning: 'this MCP server' };
  if (exchange.kind === 'api') return { values: [issuer], meaning: 'this plugin API (the public base URL)' };
  return anyResource(issuer);
}

/** A token response's access token is for the `resource` the request named, else for one of Handshake's resources. */
function requestedAudience(resource: unknown, issuer: string | null): JwtExpectations['audience'] {
  const named = (Array.isArray(resource) ? resource : [resource])
    .map((value) => (typeof value === 'string' ? canonicalResource(value) : null))
    .filter((value): value is string => value !== null);
  if (named.length > 0) return { values: named, meaning: 'the resource the token request named' };
  return anyResource(issuer);
}
