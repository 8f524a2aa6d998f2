import { ChatGptClient, type LoginForm, type TokenAnswer } from '../../../chatgpt-simulator/chatgpt-client';
import { type HttpResponse, httpRequest } from '../../support/http-request';

/**
 * The ChatGPT simulator as plain functions of a base URL and client credentials, with one fixed callback: what the
 * reliability and hostile-input suites and `npm run bench` need to obtain grants the way ChatGPT does.
 */

export type { LoginForm };
export type Tokens = TokenAnswer;

export const chatGptRedirectUri = 'https://chat.openai.com/aip/plugin-0b1c2d3e-bench/oauth/callback';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

function chatGpt(baseUrl: string, client: ClientCredentials): ChatGptClient {
  return new ChatGptClient({ publicUrl: baseUrl, ...client, redirectUri: chatGptRedirectUri });
}

/** The query string of the authorize link ChatGPT builds (`extra` overrides fields). */
export function authorizeQuery(clientId: string, extra: Record<string, string> = {}): string {
  return new URL(chatGpt('http://chatgpt.invalid', { clientId, clientSecret: '' }).authorizeUrl(extra)).search.slice(1);
}

/** GET /oauth/authorize as the user's browser: the form's hidden fields and the CSRF cookie. */
export async function openLoginForm(baseUrl: string, clientId: string, extra: Record<string, string> = {}): Promise<LoginForm> {
  return chatGpt(baseUrl, { clientId, clientSecret: '' }).openLoginForm(extra);
}

/** POST /oauth/authorize with the form as a browser sends it; the answer as is (no redirect following). */
export async function submitLoginForm(
  baseUrl: string,
  form: LoginForm,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return (await chatGpt(baseUrl, { clientId: '', clientSecret: '' }).signIn(form, { email, password }, headers)).response;
}

/** Authorize + sign in: the code ChatGPT's callback receives. */
export async function signIn(baseUrl: string, clientId: string, email: string, password: string): Promise<string> {
  return (await chatGpt(baseUrl, { clientId, clientSecret: '' }).obtainCode({ email, password })).code;
}

/** A JSON POST to the token endpoint with exactly `body`. */
export async function postToken(baseUrl: string, body: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await httpRequest(`${baseUrl}/oauth/token`, { method: 'POST', body });
  return { status: response.status, json: response.json as Record<string, unknown> };
}

export function codeExchangeBody(client: ClientCredentials, code: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    code,
    redirect_uri: chatGptRedirectUri,
  };
}

export function refreshBody(client: ClientCredentials, refreshToken: string): Record<string, string> {
  return { grant_type: 'refresh_token', client_id: client.clientId, client_secret: client.clientSecret, refresh_token: refreshToken };
}

export async function exchangeCode(baseUrl: string, client: ClientCredentials, code: string): Promise<Tokens> {
  const response = await chatGpt(baseUrl, client).exchangeCode(code);
  if (response.status !== 200) throw new Error(`code exchange answered ${response.status}: ${response.text}`);
  return response.json as Tokens;
}

/** The whole install: sign in, exchange the code. */
export async function obtainGrant(baseUrl: string, client: ClientCredentials, email: string, password: string): Promise<Tokens> {
  return (await chatGpt(baseUrl, client).install({ email, password })).tokens;
}
