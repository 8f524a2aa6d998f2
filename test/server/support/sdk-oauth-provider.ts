import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { readLoginForm } from '../../chatgpt-simulator/chatgpt-client';
import { httpRequest } from './http-request';

/** What an MCP host built on the official SDK keeps: its registration, tokens, verifier, and where it was sent to sign in. */
export class RecordingProvider implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | null = null;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
    private readonly authMethod = 'none',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP SDK test host',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.authMethod,
    };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The user's browser: opens the authorization URL, signs in, and lands on the host's loopback callback. */
export async function signIn(url: URL, user: { email: string; password: string }, headers: Record<string, string> = {}): Promise<URL> {
  const page = await httpRequest(url.href, { headers });
  if (page.status !== 200) throw new Error(`the authorization URL answered ${page.status}: ${page.text.slice(0, 200)}`);
  const form = readLoginForm(page);
  const posted = await httpRequest(new URL('/oauth/authorize', url).href, {
    method: 'POST',
    body: new URLSearchParams({ ...form.fields, email: user.email, password: user.password, decision: 'allow' }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie, ...headers },
  });
  if (posted.status !== 302) throw new Error(`sign-in answered ${posted.status}: ${posted.text.slice(0, 200)}`);
  return new URL(String(posted.headers.location));
}
