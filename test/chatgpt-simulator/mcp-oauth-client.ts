import { randomUUID } from 'node:crypto';
import { chatGptConnectorRedirect } from '../../server/checks/chatgpt-callbacks';
import { authorizationServerMetadataUrl, authorizationServerRefusal } from '../../server/checks/mcp-metadata-rules';
import { pkcePair } from '../../server/checks/pkce-pair';
import { type HttpResponse, httpRequest } from '../server/support/http-request';
import { basicAuthorization, type LoginForm, readLoginForm } from './chatgpt-client';

// Shared with Handshake's own check (server/checks/), which plays the same client in production.
export { chatGptConnectorRedirect, pkcePair };

export interface Discovered {
  resource: Record<string, any>;
  server: Record<string, any>;
}

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: string;
}

export interface Authorized {
  code: string;
  state: string;
  iss: string | null;
  verifier: string;
}

/**
 * An MCP OAuth client written from the MCP authorization spec and OpenAI's plugin auth page, playing ChatGPT:
 * protected-resource metadata → authorization server metadata (checking what ChatGPT checks) → CIMD or DCR →
 * authorize with PKCE S256 and `resource` → `iss` checked by exact string comparison → token → refresh.
 */
export class McpOAuthClient {
  discovered: Discovered | null = null;
  client: RegisteredClient | null = null;

  constructor(
    /** The MCP server URL ChatGPT is given, e.g. http://127.0.0.1:<port>/mcp. */
    readonly mcpUrl: string,
    readonly redirectUri = chatGptConnectorRedirect,
  ) {}

  /** RFC 9728 path-aware PRM first, then the authorization server's RFC 8414 metadata; throws where ChatGPT would stop. */
  async discover(): Promise<Discovered> {
    const url = new URL(this.mcpUrl);
    const prm = await httpRequest(`${url.origin}/.well-known/oauth-protected-resource${url.pathname}`);
    if (prm.status !== 200) throw new Error(`protected-resource metadata answered ${prm.status}`);
    const resource = prm.json;
    const issuer: string = resource.authorization_servers?.[0];
    if (!issuer) throw new Error('protected-resource metadata names no authorization server');
    const as = await httpRequest(authorizationServerMetadataUrl(issuer));
    if (as.status !== 200) throw new Error(`authorization server metadata answered ${as.status}`);
    const server = as.json;
    const refusal = authorizationServerRefusal(server, issuer);
    if (refusal) throw new Error(refusal.reason);
    this.discovered = { resource, server };
    return this.discovered;
  }

  /** CIMD: the client_id is the document's URL; the server fetches it. */
  useMetadataDocument(documentUrl: string): RegisteredClient {
    if (!this.discovered?.server.client_id_metadata_document_supported)
      throw new Error('the server does not advertise client_id_metadata_document_supported');
    this.client = { client_id: documentUrl, token_endpoint_auth_method: 'none' };
    return this.client;
  }

  /** RFC 7591 dynamic registration, as a public client unless told otherwise. */
  async register(metadata: Record<string, unknown> = {}): Promise<RegisteredClient> {
    const endpoint = this.discovered?.server.registration_endpoint;
    if (!endpoint) throw new Error('no registration_endpoint');
    const answer = await httpRequest(endpoint, {
      method: 'POST',
      body: {
        client_name: 'ChatGPT',
        redirect_uris: [this.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        ...metadata,
      },
    });
    if (answer.status !== 201) throw new Error(`registration answered ${answer.status}: ${answer.text}`);
    this.client = answer.json;
    return this.client!;
  }

  authorizeUrl(parameters: Record<string, string | undefined>): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters)) if (value !== undefined) search.set(name, value);
    return `${this.discovered!.server.authorization_endpoint}?${search}`;
  }

  /** The authorize request ChatGPT's browser opens: PKCE S256, `resource` exactly as the PRM states it. */
  async openAuthorization(
    overrides: Record<string, string | undefined> = {},
  ): Promise<{ response: HttpResponse; form: LoginForm | null; verifier: string; state: string }> {
    const { verifier, challenge } = pkcePair();
    const state = randomUUID();
    const url = this.authorizeUrl({
      response_type: 'code',
      client_id: this.client!.client_id,
      redirect_uri: this.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: this.discovered!.resource.resource,
      state,
      ...overrides,
    });
    const response = await httpRequest(url);
    return { response, form: response.status === 200 ? readLoginForm(response) : null, verifier, state };
  }

  /** Signs in on the page (allowing), then checks the callback as ChatGPT does: state, and iss equal to the issuer byte for byte. */
  async authorize(user: { email: string; password: string }, overrides: Record<string, string | undefined> = {}): Promise<Authorized> {
    const opened = await this.openAuthorization(overrides);
    if (!opened.form) throw new Error(`authorize answered ${opened.response.status}: ${opened.response.text.slice(0, 300)}`);
    const callback = await this.submit(opened.form, user, 'allow');
    const params = callback.searchParams;
    if (params.get('error')) throw new Error(`authorization failed: ${params.get('error')} ${params.get('error_description')}`);
    if (params.get('state') !== opened.state) throw new Error('state not echoed');
    const iss = params.get('iss');
    if (this.discovered!.server.authorization_response_iss_parameter_supported && iss !== this.discovered!.server.issuer) {
      throw new Error(`iss ${iss} is not the issuer ${this.discovered!.server.issuer}`);
    }
    return { code: params.get('code')!, state: opened.state, iss, verifier: opened.verifier };
  }

  /** Posts the sign-in (and consent) form; returns the redirect back to the client. */
  async submit(form: LoginForm, user: { email: string; password: string }, decision: 'allow' | 'deny'): Promise<URL> {
    const response = await httpRequest(new URL('/oauth/authorize', this.discovered!.server.authorization_endpoint).href, {
      method: 'POST',
      body: new URLSearchParams({ ...form.fields, email: user.email, password: user.password, decision }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(form.cookie ? { Cookie: form.cookie } : {}) },
    });
    if (response.status !== 302) throw new Error(`sign-in answered ${response.status}: ${response.text.slice(0, 300)}`);
    return new URL(String(response.headers.location));
  }

  /** A form-encoded token request with the client's credentials as it registered them. */
  token(fields: Record<string, string | undefined>): Promise<HttpResponse> {
    const body = new URLSearchParams();
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const client = this.client!;
    if (client.token_endpoint_auth_method === 'client_secret_basic')
      headers.Authorization = basicAuthorization(client.client_id, client.client_secret!);
    else body.set('client_id', client.client_id);
    if (client.token_endpoint_auth_method === 'client_secret_post') body.set('client_secret', client.client_secret!);
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
    return httpRequest(this.discovered!.server.token_endpoint, { method: 'POST', body: body.toString(), headers });
  }

  exchange(authorized: Authorized, fields: Record<string, string | undefined> = {}): Promise<HttpResponse> {
    return this.token({
      grant_type: 'authorization_code',
      code: authorized.code,
      code_verifier: authorized.verifier,
      redirect_uri: this.redirectUri,
      resource: this.discovered!.resource.resource,
      ...fields,
    });
  }

  refresh(refreshToken: string, fields: Record<string, string | undefined> = {}): Promise<HttpResponse> {
    return this.token({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      resource: this.discovered!.resource.resource,
      ...fields,
    });
  }
}
