import { randomUUID } from 'node:crypto';

/**
 * Plays ChatGPT's side of a plugin install exactly as shared/reference/chatgpt-oauth.md describes:
 * its servers fetch the manifest and exchange codes; the user's browser opens client_url and signs in.
 */
export interface SimulatorOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The manifest's authorization_content_type decides how the token request is encoded. */
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** GPT Actions' "Basic authorization header" token exchange method. */
  basicAuth?: boolean;
  callbackHost?: 'chat.openai.com' | 'chatgpt.com';
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface LoginPage {
  status: number;
  html: string;
  cookie: string | null;
  fields: Record<string, string>;
}

export class ChatGptSimulator {
  readonly pluginId = `plugin-${randomUUID()}`;
  readonly state = randomUUID();

  constructor(private readonly options: SimulatorOptions) {}

  get callbackUrl(): string {
    return `https://${this.options.callbackHost ?? 'chat.openai.com'}/aip/${this.pluginId}/oauth/callback`;
  }

  async fetchManifest(): Promise<HttpResult<Record<string, any>>> {
    return request(`${this.options.baseUrl}/.well-known/ai-plugin.json`);
  }

  /** The link ChatGPT sends the user's browser to: scope= always present, no PKCE. */
  authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
    const parameters: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.callbackUrl,
      scope: '',
      state: this.state,
      ...overrides,
    };
    const query = Object.entries(parameters)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join('&');
    return `${this.options.baseUrl}/oauth/authorize?${query}`;
  }

  async openLoginPage(overrides: Record<string, string | undefined> = {}): Promise<LoginPage> {
    const response = await fetch(this.authorizeUrl(overrides), { redirect: 'manual' });
    const html = await response.text();
    return { status: response.status, html, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null, fields: hiddenFields(html) };
  }

  /** Posts the login form as a browser would; returns the redirect (if any) with code and state parsed. */
  async submitLogin(page: LoginPage, email: string, password: string, decision: 'allow' | 'deny' = 'allow') {
    const response = await fetch(`${this.options.baseUrl}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(page.cookie ? { cookie: page.cookie } : {}) },
      body: new URLSearchParams({ ...page.fields, email, password, decision }).toString(),
    });
    const location = response.headers.get('location');
    const url = location ? new URL(location) : null;
    return {
      status: response.status,
      location,
      html: await response.text(),
      code: url?.searchParams.get('code') ?? null,
      state: url?.searchParams.get('state') ?? null,
      error: url?.searchParams.get('error') ?? null,
    };
  }

  /** Authorize + sign in: returns the code from ChatGPT's callback. */
  async signIn(email: string, password: string): Promise<string> {
    const page = await this.openLoginPage();
    const result = await this.submitLogin(page, email, password);
    if (!result.code) throw new Error(`sign-in failed with ${result.status}: ${result.html.slice(0, 200)}`);
    return result.code;
  }

  /** POST to authorization_url the way ChatGPT's server does. */
  async tokenRequest(fields: Record<string, string | undefined>): Promise<HttpResult<Record<string, any>>> {
    const { clientId, clientSecret, basicAuth } = this.options;
    const body: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) body[key] = value;
    const headers: Record<string, string> = {};
    if (basicAuth) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
    else Object.assign(body, { client_id: clientId, client_secret: clientSecret }, fields);
    const json = (this.options.contentType ?? 'application/json') === 'application/json';
    headers['content-type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
    return request(`${this.options.baseUrl}/oauth/token`, {
      method: 'POST',
      headers,
      body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });
  }

  exchangeCode(code: string, overrides: Record<string, string | undefined> = {}) {
    return this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.callbackUrl, ...overrides });
  }

  refresh(refreshToken: string) {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** A plugin API call as ChatGPT makes it. */
  callApi(path: string, accessToken: string, init: RequestInit = {}): Promise<HttpResult<any>> {
    return request(`${this.options.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'openai-conversation-id': randomUUID(),
        'openai-ephemeral-user-id': randomUUID(),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  }

  /** The whole install: manifest → authorize → login → callback → token. */
  async install(email: string, password: string) {
    const manifest = await this.fetchManifest();
    const code = await this.signIn(email, password);
    const token = await this.exchangeCode(code);
    return { manifest: manifest.body, code, token: token.body as { access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string } };
  }
}

export async function request<T = any>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}
