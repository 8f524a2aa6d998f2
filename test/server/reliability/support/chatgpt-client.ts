/**
 * The ChatGPT side of the install, spoken over real HTTP: open the authorize link, sign in through the login form
 * (cookie + CSRF field), exchange the code, refresh. Used by the reliability and hostile-input suites and by
 * `npm run bench` to obtain grants the way ChatGPT does.
 */

export const chatGptRedirectUri = 'https://chat.openai.com/aip/plugin-0b1c2d3e-bench/oauth/callback';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (match) => entities[match]);

/** The hidden fields of the login form, as the browser would submit them. */
export function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1])] = unescapeHtml(match[2]);
  }
  return fields;
}

export function authorizeQuery(clientId: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: chatGptRedirectUri,
    scope: '',
    state: 'st-' + Math.random().toString(36).slice(2),
    ...extra,
  }).toString();
}

export interface LoginForm {
  cookie: string;
  fields: Record<string, string>;
}

/** GET /oauth/authorize as the user's browser: the form's hidden fields and the CSRF cookie. */
export async function openLoginForm(baseUrl: string, clientId: string, extra: Record<string, string> = {}): Promise<LoginForm> {
  const response = await fetch(`${baseUrl}/oauth/authorize?${authorizeQuery(clientId, extra)}`, { redirect: 'manual' });
  const page = await response.text();
  if (response.status !== 200) throw new Error(`authorize answered ${response.status}: ${page.slice(0, 200)}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, fields: hiddenFields(page) };
}

/** POST /oauth/authorize with the form as a browser sends it; returns the raw response (no redirect following). */
export function submitLoginForm(baseUrl: string, form: LoginForm, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams({ ...form.fields, email, password, decision: 'allow' }).toString();
  return fetch(`${baseUrl}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...headers },
    body,
  });
}

/** Authorize + sign in: the code ChatGPT's callback receives. */
export async function signIn(baseUrl: string, clientId: string, email: string, password: string): Promise<string> {
  const form = await openLoginForm(baseUrl, clientId);
  const response = await submitLoginForm(baseUrl, form, email, password);
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`sign-in answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const callback = new URL(location);
  if (callback.searchParams.get('state') !== form.fields.state) throw new Error(`state not echoed: ${location}`);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export async function postToken(baseUrl: string, body: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export function codeExchangeBody(client: ClientCredentials, code: string): Record<string, string> {
  return { grant_type: 'authorization_code', client_id: client.clientId, client_secret: client.clientSecret, code, redirect_uri: chatGptRedirectUri };
}

export function refreshBody(client: ClientCredentials, refreshToken: string): Record<string, string> {
  return { grant_type: 'refresh_token', client_id: client.clientId, client_secret: client.clientSecret, refresh_token: refreshToken };
}

export async function exchangeCode(baseUrl: string, client: ClientCredentials, code: string): Promise<Tokens> {
  const { status, json } = await postToken(baseUrl, codeExchangeBody(client, code));
  if (status !== 200) throw new Error(`code exchange answered ${status}: ${JSON.stringify(json)}`);
  return json as unknown as Tokens;
}

/** The whole install: sign in, exchange the code. */
export async function obtainGrant(baseUrl: string, client: ClientCredentials, email: string, password: string): Promise<Tokens> {
  return exchangeCode(baseUrl, client, await signIn(baseUrl, client.clientId, email, password));
}
