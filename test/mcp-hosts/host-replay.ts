import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, SignJWT } from 'jose';
import { pkcePair } from '../../server/checks/pkce-pair';
import type { HostProfile } from '../../server/hosts/host-profile';
import { readLoginForm } from '../chatgpt-simulator/chatgpt-client';
import { type HttpResponse, httpRequest } from '../server/support/http-request';

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  scope?: string;
}

/** A key the replay signs private_key_jwt assertions with, and where its public half is served. */
export interface ReplayKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * One MCP host's connect, replayed as shared/reference/mcp-hosts.md records it (the host profile's `connect` data):
 * the unauthenticated MCP call, discovery, its registration (metadata document or DCR body), authorize with its
 * redirect URI, resource and scope habits, the sign-in form, the code exchange with its token authentication, an MCP
 * session, and a refresh as it refreshes. Every request carries the host's User-Agent.
 */
export class HostReplay {
  challenge: Record<string, string> = {};
  resource: Record<string, any> = {};
  server: Record<string, any> = {};
  clientId = '';
  redirectUri: string;
  /** The token endpoint actually used (the advertised one, or /token at the origin in the fallback). */
  tokenEndpoint = '';
  authorizationEndpoint = '';
  scope: string | undefined;
  key: ReplayKey | null = null;
  /** Per request: what was sent where, for assertions on the traffic log. */
  readonly sent: { method: string; url: string }[] = [];

  constructor(
    readonly host: HostProfile,
    readonly mcpUrl: string,
  ) {
    this.redirectUri = host.connect.redirectUri;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      'User-Agent': this.host.connect.userAgent,
      ...(this.host.connect.browserOrigin ? { Origin: this.host.connect.browserOrigin } : {}),
      ...extra,
    };
  }

  async request(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpResponse> {
    this.sent.push({ method: init.method ?? 'GET', url });
    return httpRequest(url, { ...init, headers: this.headers(init.headers) });
  }

  /** The 401 challenge, the protected-resource metadata and the authorization server metadata. */
  async discover(): Promise<void> {
    const unauthenticated = await this.request(this.mcpUrl, {
      method: 'POST',
      body: initialize(),
      headers: { Accept: 'application/json, text/event-stream' },
    });
    if (unauthenticated.status !== 401) throw new Error(`unauthenticated /mcp answered ${unauthenticated.status}`);
    const header = String(unauthenticated.headers['www-authenticate'] ?? '');
    for (const match of header.matchAll(/([a-z_]+)="([^"]*)"/gi)) this.challenge[match[1]] = match[2];
    const prm = await this.request(this.challenge.resource_metadata);
    if (prm.status !== 200) throw new Error(`protected-resource metadata answered ${prm.status}`);
    this.resource = prm.json;
    const issuer = new URL(this.resource.authorization_servers[0]);
    const as = await this.request(`${issuer.origin}/.well-known/oauth-authorization-server`);
    if (as.status !== 200) throw new Error(`authorization server metadata answered ${as.status}`);
    this.server = as.json;
    this.tokenEndpoint = this.server.token_endpoint;
    this.authorizationEndpoint = this.server.authorization_endpoint;
  }

  /** The 2025-03-26 fallback: no metadata found, so /authorize, /token and /register at the MCP server's origin. */
  takeFallbackEndpoints(): void {
    const origin = new URL(this.mcpUrl).origin;
    this.resource = { resource: this.mcpUrl };
    this.server = { registration_endpoint: `${origin}/register`, scopes_supported: [] };
    this.authorizationEndpoint = `${origin}/authorize`;
    this.tokenEndpoint = `${origin}/token`;
  }

  /** The host's client_id: its metadata document URL (the server fetches it, or uses a pinned copy). */
  identifyByDocument(clientId = this.host.connect.cimdClientId!): void {
    this.clientId = clientId;
  }

  /** Its RFC 7591 registration body, as the host sends it. */
  async register(body: Record<string, unknown> = this.host.connect.dcrBody): Promise<HttpResponse> {
    const answer = await this.request(this.server.registration_endpoint, { method: 'POST', body });
    if (answer.status === 201) {
      this.clientId = answer.json.client_id;
      const uris = answer.json.redirect_uris as string[];
      if (!uris.includes(this.redirectUri)) this.redirectUri = uris[0];
    }
    return answer;
  }

  /** The resource as the host sends it (Claude Code adds a trailing slash). */
  resourceParameter(): string {
    const resource = String(this.resource.resource);
    return this.host.connect.resourceTrailingSlash ? `${resource}/` : resource;
  }

  /** The scope as the host builds it: challenge or resource metadata (or all of it), plus offline_access when listed. */
  scopeParameter(): string | undefined {
    const fromResource: string[] = this.resource.scopes_supported ?? [];
    const base =
      this.host.connect.scopeFrom === 'all-prm' ? fromResource : this.challenge.scope ? this.challenge.scope.split(' ') : fromResource;
    const advertised: string[] = this.server.scopes_supported ?? [];
    const scopes = [...base];
    if (this.host.connect.appendsOfflineAccess && advertised.includes('offline_access') && !scopes.includes('offline_access'))
      scopes.push('offline_access');
    return scopes.length ? scopes.join(' ') : undefined;
  }

  /** Authorize, sign in on the page as `user` (allowing), and read the code from the redirect. */
  async signIn(user: {
    email: string;
    password: string;
  }): Promise<{ code: string; verifier: string; location: string; iss: string | null }> {
    const { verifier, challenge } = pkcePair();
    const state = randomUUID();
    this.scope = this.scopeParameter();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: this.resourceParameter(),
      state,
    });
    if (this.scope) query.set('scope', this.scope);
    const page = await this.request(`${this.authorizationEndpoint}?${query}`);
    if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${page.text.slice(0, 400)}`);
    const form = readLoginForm(page);
    const posted = await this.request(this.authorizationEndpoint, {
      method: 'POST',
      body: new URLSearchParams({ ...form.fields, email: user.email, password: user.password, decision: 'allow' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(form.cookie ? { Cookie: form.cookie } : {}) },
    });
    if (posted.status !== 302) throw new Error(`sign-in answered ${posted.status}: ${posted.text.slice(0, 400)}`);
    const location = String(posted.headers.location);
    if (!location.startsWith(`${this.redirectUri}?`)) throw new Error(`redirected to ${location}, not to ${this.redirectUri}`);
    const back = new URLSearchParams(location.slice(location.indexOf('?') + 1));
    if (back.get('state') !== state) throw new Error('state not echoed');
    if (!back.get('code')) throw new Error(`no code: ${location}`);
    return { code: back.get('code')!, verifier, location, iss: back.get('iss') };
  }

  /** A signed RFC 7523 assertion for the token endpoint, as ChatGPT sends it (RS256, aud = the token endpoint). */
  async assertion(claims: { aud?: string; jti?: string; iss?: string; expiresIn?: number } = {}, key = this.key!): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: claims.jti ?? randomUUID() })
      .setProtectedHeader({ alg: 'RS256', ...(key.publicJwk.kid ? { kid: key.publicJwk.kid } : {}) })
      .setIssuer(claims.iss ?? this.clientId)
      .setSubject(this.clientId)
      .setAudience(claims.aud ?? this.tokenEndpoint)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresIn ?? 60))
      .sign(key.privateKey);
  }

  /** A token request with the host's client authentication: client_id in the body, or a client assertion. */
  async token(fields: Record<string, string | undefined>, assertion?: string): Promise<HttpResponse> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
    if (this.key) {
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', assertion ?? (await this.assertion()));
    } else body.set('client_id', this.clientId);
    return this.request(this.tokenEndpoint, {
      method: 'POST',
      body: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    });
  }

  async exchange(signedIn: { code: string; verifier: string }): Promise<Tokens> {
    const answer = await this.token({
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: this.redirectUri,
      code_verifier: signedIn.verifier,
      resource: this.resourceParameter(),
    });
    if (answer.status !== 200) throw new Error(`code exchange answered ${answer.status}: ${answer.text}`);
    return answer.json;
  }

  /** A refresh as the host sends it: no scope; resource only if this host sends it on refresh. */
  async refresh(refreshToken: string): Promise<Tokens> {
    const answer = await this.token({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      resource: this.host.connect.resourceOnRefresh ? this.resourceParameter() : undefined,
    });
    if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}: ${answer.text}`);
    return answer.json;
  }

  /** initialize on /mcp with the access token: the MCP session opens. */
  async initialize(accessToken: string): Promise<HttpResponse> {
    return this.request(this.mcpUrl, {
      method: 'POST',
      body: initialize(),
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json, text/event-stream' },
    });
  }

  /** The whole connect: registration (CIMD or DCR), sign-in, code, MCP session, refresh, MCP session again. */
  async connect(user: { email: string; password: string }, registration: 'cimd' | 'dcr'): Promise<{ tokens: Tokens; refreshed: Tokens }> {
    if (registration === 'cimd') this.identifyByDocument();
    else {
      const registered = await this.register();
      if (registered.status !== 201) throw new Error(`registration answered ${registered.status}: ${registered.text}`);
    }
    const tokens = await this.exchange(await this.signIn(user));
    await expectSession(this, tokens.access_token);
    if (!tokens.refresh_token) throw new Error('no refresh token');
    const refreshed = await this.refresh(tokens.refresh_token);
    await expectSession(this, refreshed.access_token);
    return { tokens, refreshed };
  }
}

async function expectSession(replay: HostReplay, accessToken: string): Promise<void> {
  const answer = await replay.initialize(accessToken);
  if (answer.status !== 200) throw new Error(`initialize answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  if (!answer.text.includes('protocolVersion')) throw new Error(`initialize answered without a result: ${answer.text.slice(0, 300)}`);
}

function initialize(): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host replay', version: '1' } },
  };
}
