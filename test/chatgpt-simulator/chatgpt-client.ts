import { randomUUID } from 'node:crypto';
import { basicAuthorization } from '../../server/checks/basic-authorization';
import { chatGptPluginCallback } from '../../server/checks/chatgpt-callbacks';
import { type LoginForm, readLoginForm as readForm } from '../../server/checks/login-form';
import { type HttpResponse, httpRequest } from '../server/support/http-request';

// The wire pieces are shared with Handshake's own check (server/checks/), which plays the same client in production.
export { basicAuthorization, chatGptPluginCallback, type LoginForm };

/** What ChatGPT's wizard is given: the client ID and secret, and how the manifest says to send the token request. */
export interface ChatGptClientOptions {
  /** The plugin's public origin, e.g. http://127.0.0.1:<port>. */
  publicUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default: a fresh https://chat.openai.com/aip/plugin-<uuid>/oauth/callback. */
  redirectUri?: string;
  /** How the token request body is encoded (authorization_content_type). Default json, as plugins send. */
  encoding?: 'json' | 'form';
  /** Where the client credentials go: in the body (plugins, "Default (POST request)") or a Basic header. */
  credentials?: 'body' | 'basic';
}

export interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope?: string;
}

export interface TokenRequestOptions {
  encoding?: 'json' | 'form';
  credentials?: 'body' | 'basic';
  headers?: Record<string, string>;
  /** Sent as the body instead of the encoded fields. */
  rawBody?: string;
}

export interface SignInAnswer {
  response: HttpResponse;
  /** The redirect back to ChatGPT, null when the server answered with a page. */
  location: URL | null;
  code: string | null;
  state: string | null;
  error: string | null;
}

export interface Installed {
  code: string;
  state: string;
  /** The flow id the server put in the sign-in form. */
  flowId: string;
  tokens: TokenAnswer;
}

/**
 * Plays ChatGPT against a Handshake public listener, speaking what ChatGPT sends (shared/reference/chatgpt-oauth.md):
 * the user's browser at client_url (authorize, sign-in form), ChatGPT's server at authorization_url (code exchange,
 * refresh) and at the API with a Bearer token. Every call takes extra headers, so a test can mark a request.
 */
export class ChatGptClient {
  readonly redirectUri: string;
  private readonly encoding: 'json' | 'form';
  private readonly credentials: 'body' | 'basic';

  constructor(readonly options: ChatGptClientOptions) {
    this.redirectUri = options.redirectUri ?? chatGptPluginCallback();
    this.encoding = options.encoding ?? 'json';
    this.credentials = options.credentials ?? 'body';
  }

  fetchManifest(headers: Record<string, string> = {}): Promise<HttpResponse> {
    return httpRequest(`${this.options.publicUrl}/.well-known/ai-plugin.json`, { headers });
  }

  /** The authorize query ChatGPT builds; `parameters` override or (undefined) remove fields. */
  authorizeUrl(parameters: Record<string, string | undefined> = {}): string {
    const query: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.redirectUri,
      scope: '',
      state: randomUUID(),
      ...parameters,
    };
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, value);
    return `${this.options.publicUrl}/oauth/authorize?${search}`;
  }

  /** The browser opens client_url; returns the sign-in form when the server served one. */
  async authorize(
    parameters: Record<string, string | undefined> = {},
    headers: Record<string, string> = {},
  ): Promise<{ response: HttpResponse; form: LoginForm | null }> {
    const response = await httpRequest(this.authorizeUrl(parameters), { headers });
    return { response, form: response.status === 200 ? readLoginForm(response) : null };
  }

  /**
   * The user types email and password and presses Sign in (or Deny); the answer is the redirect back to ChatGPT.
   * A form with an empty cookie is posted without a Cookie header.
   */
  async signIn(
    form: LoginForm,
    user: { email: string; password: string },
    headers: Record<string, string> = {},
    decision: 'allow' | 'deny' = 'allow',
  ): Promise<SignInAnswer> {
    const body = new URLSearchParams({ ...form.fields, email: user.email, password: user.password, decision }).toString();
    const response = await httpRequest(`${this.options.publicUrl}/oauth/authorize`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(form.cookie ? { Cookie: form.cookie } : {}), ...headers },
    });
    const location = typeof response.headers.location === 'string' ? new URL(response.headers.location) : null;
    const parameter = (name: string) => location?.searchParams.get(name) ?? null;
    return { response, location, code: parameter('code'), state: parameter('state'), error: parameter('error') };
  }

  /** The sign-in form of the authorize page; throws when the server served none. */
  async openLoginForm(parameters: Record<string, string | undefined> = {}, headers: Record<string, string> = {}): Promise<LoginForm> {
    const { response, form } = await this.authorize(parameters, headers);
    if (!form) throw new Error(`authorize answered ${response.status} without a sign-in form: ${response.text.slice(0, 300)}`);
    return form;
  }

  /** authorize → sign-in form → redirect with a code. */
  async obtainCode(
    user: { email: string; password: string },
    parameters: Record<string, string | undefined> = {},
  ): Promise<{ code: string; state: string; flowId: string }> {
    const form = await this.openLoginForm(parameters);
    const signedIn = await this.signIn(form, user);
    if (!signedIn.code || signedIn.state === null)
      throw new Error(`sign-in answered ${signedIn.response.status} without a code: ${signedIn.response.text.slice(0, 300)}`);
    if (signedIn.state !== form.fields.state) throw new Error(`state not echoed: sent ${form.fields.state}, got ${signedIn.state}`);
    return { code: signedIn.code, state: signedIn.state, flowId: form.fields.flow_id };
  }

  /** A POST to authorization_url with `fields` plus the client credentials (unless the fields set them). */
  tokenRequest(fields: Record<string, string | undefined>, options: TokenRequestOptions = {}): Promise<HttpResponse> {
    const encoding = options.encoding ?? this.encoding;
    const credentials = options.credentials ?? this.credentials;
    const headers: Record<string, string> = {};
    const body: Record<string, string | undefined> = {};
    if (credentials === 'basic') {
      headers.Authorization = basicAuthorization(this.options.clientId, this.options.clientSecret);
    } else {
      body.client_id = this.options.clientId;
      body.client_secret = this.options.clientSecret;
    }
    Object.assign(body, fields);
    const present = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined));
    headers['Content-Type'] = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    const text = options.rawBody ?? (encoding === 'json' ? JSON.stringify(present) : new URLSearchParams(present).toString());
    return httpRequest(`${this.options.publicUrl}/oauth/token`, {
      method: 'POST',
      body: text,
      headers: { ...headers, ...options.headers },
    });
  }

  exchangeCode(code: string, fields: Record<string, string | undefined> = {}, options: TokenRequestOptions = {}): Promise<HttpResponse> {
    return this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri, ...fields }, options);
  }

  refresh(refreshToken: string, fields: Record<string, string | undefined> = {}, options: TokenRequestOptions = {}): Promise<HttpResponse> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, ...fields }, options);
  }

  /** An API call the way ChatGPT makes it. */
  callApi(
    accessToken: string,
    path = '/me',
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse> {
    return httpRequest(this.options.publicUrl + path, {
      method: init.method,
      body: init.body,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'openai-conversation-id': randomUUID(),
        'openai-ephemeral-user-id': randomUUID(),
        ...init.headers,
      },
    });
  }

  /** The whole install: sign in, exchange the code, return the tokens. */
  async install(user: { email: string; password: string }): Promise<Installed> {
    const { code, state, flowId } = await this.obtainCode(user);
    const exchanged = await this.exchangeCode(code);
    if (exchanged.status !== 200) throw new Error(`token exchange answered ${exchanged.status}: ${exchanged.text}`);
    return { code, state, flowId, tokens: exchanged.json as TokenAnswer };
  }
}

/** The hidden fields of the sign-in page and its CSRF cookie. */
export function readLoginForm(response: HttpResponse): LoginForm {
  return readForm(response.text, response.headers['set-cookie'] ?? []);
}
